#!/usr/bin/python3
"""Verifies every DKIM-Signature of a message with dkimpy (Debian's python3-dkim), an
independent implementation of RFC 6376 and RFC 8463, for the DKIM tests.

usage: verify.py MESSAGE_FILE NAME=TXT_RECORD...
  NAME is <selector>._domainkey.<domain>; the records stand in for DNS.
Prints one line per signature, "pass d=... s=..." or "fail d=... s=...", and exits 0 only
when the message has at least one signature and every one verifies."""
import sys

import dkim

records = {}
for arg in sys.argv[2:]:
    name, _, txt = arg.partition("=")
    records[name.lower().rstrip(".")] = txt.encode("ascii")


def dnsfunc(name, timeout=5):
    if isinstance(name, bytes):
        name = name.decode("ascii")
    return records.get(name.lower().rstrip("."), None)


with open(sys.argv[1], "rb") as f:
    message = f.read()

d = dkim.DKIM(message)
count = sum(1 for h in d.headers if h[0].lower() == b"dkim-signature")
ok = count > 0
for i in range(count):
    try:
        result = d.verify(idx=i, dnsfunc=dnsfunc)
    except Exception as e:  # a broken signature is a failure, with the reason
        print("error", i, e)
        result = False
    sig = d.signature_fields if hasattr(d, "signature_fields") else {}
    print("pass" if result else "fail", "d=" + sig.get(b"d", b"?").decode(), "s=" + sig.get(b"s", b"?").decode(),
          "a=" + sig.get(b"a", b"?").decode())
    ok = ok and bool(result)
sys.exit(0 if ok else 1)
