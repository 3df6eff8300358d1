"""A local SMTP server for the tests: takes every mail and writes it whole to
DIR/mail-N.eml (a real SMTP dialogue over loopback; Python's standard smtpd,
deprecated but present in Debian 12's Python 3.11).

    smtp_sink.py PORT DIR
"""
import asyncore
import os
import sys
import warnings

warnings.simplefilter("ignore", DeprecationWarning)
import smtpd  # noqa: E402


class Sink(smtpd.SMTPServer):
    count = 0

    def process_message(self, peer, mailfrom, rcpttos, data, **kwargs):
        Sink.count += 1
        path = os.path.join(self.out_dir, "mail-%d.eml" % Sink.count)
        with open(path + ".tmp", "wb") as f:
            f.write(b"X-Envelope-From: " + mailfrom.encode() + b"\n")
            f.write(b"X-Envelope-To: " + ",".join(rcpttos).encode() + b"\n")
            f.write(data if isinstance(data, bytes) else data.encode())
        os.rename(path + ".tmp", path)


port, out_dir = int(sys.argv[1]), sys.argv[2]
server = Sink(("127.0.0.1", port), None, decode_data=False)
server.out_dir = out_dir
with open(os.path.join(out_dir, "ready"), "w") as f:
    f.write("%d\n" % os.getpid())
asyncore.loop()
