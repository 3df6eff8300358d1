#!/bin/sh
# Writes the message template of sweep's sources (po/POTFILES) to $1: what
# _() and N_() mark, and the formats of the functions that translate their
# own (err_set, err_prefix, rejects_add, the stages' refusal helpers).
set -eu
cd "$(dirname "$0")/.."
exec xgettext --from-code=UTF-8 --language=C --no-location --sort-output \
	--package-name=sweep --msgid-bugs-address=none -o "$1" \
	--keyword=_ --keyword=N_ \
	--keyword=err_set:3 --flag=err_set:3:c-format \
	--keyword=err_prefix:2 --flag=err_prefix:2:c-format \
	--keyword=rejects_add:8 --flag=rejects_add:8:c-format \
	--keyword=reject_row:4 --flag=reject_row:4:c-format \
	--keyword=refused:4 --flag=refused:4:c-format \
	--keyword=refuse:5 --flag=refuse:5:c-format \
	--keyword=flag_note:2 --flag=flag_note:2:c-format \
	--keyword=set_why:3 --keyword=why_set:3 \
	--keyword=cli_usage_error:2 \
	--files-from=po/POTFILES
