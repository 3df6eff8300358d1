# with_postgres.sh PROGRAM [ARGS...]: runs a unit test against a fresh
# shared store: a throwaway PostgreSQL cluster (postgres.sh) whose database
# is owned by the role "office", its URL in SWEEP_TEST_STORE_URL.  The
# program's TAP output is the test's.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/servers.sh"
. "$(dirname "$0")/postgres.sh"
start_postgres office
SWEEP_TEST_STORE_URL=$(pg_url office) "$@"
