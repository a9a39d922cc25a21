"""Random HubSpot v3 signature cases from an implementation independent of the Rust crate
(Python's hmac, hashlib and base64, the URL table applied with str.replace).

usage: python3 v3_cases.py SEED COUNT
Prints one JSON object per line: the request as the receiver sees it (method, url,
body_hex, timestamp, signature, now_ms, secret) and whether it must verify ("valid") or
which kind of rejection it must get ("bad-signature", "expired", "future", "timestamp").
"""

import base64
import hashlib
import hmac
import json
import random
import sys

TABLE = [("%3A", ":"), ("%2F", "/"), ("%3F", "?"), ("%40", "@"), ("%21", "!"), ("%24", "$"),
         ("%27", "'"), ("%28", "("), ("%29", ")"), ("%2A", "*"), ("%2C", ","), ("%3B", ";")]
OUTSIDE = [("%20", " "), ("%7E", "~"), ("%25", "%"), ("%2B", "+"), ("%3D", "=")]


def decode(uri):
    for escape, plain in TABLE:
        uri = uri.replace(escape, plain)
    return uri


def sign(secret, method, url, body, timestamp):
    source = method.encode() + decode(url).encode() + body + timestamp.encode()
    digest = hmac.new(secret.encode(), source, hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def word(rng):
    alphabet = "abcdefghijklmnopqrstuvwxyz0123456789-_."
    out = ""
    for _ in range(rng.randint(1, 8)):
        roll = rng.random()
        if roll < 0.15:
            out += rng.choice(TABLE)[0]
        elif roll < 0.22:
            out += rng.choice(OUTSIDE)[0]
        else:
            out += rng.choice(alphabet)
    return out


def case(rng):
    secret = "".join(rng.choice("abcdef0123456789-") for _ in range(rng.randint(8, 40)))
    method = rng.choice(["POST", "POST", "POST", "PUT", "GET"])
    path = "/".join(word(rng) for _ in range(rng.randint(1, 4)))
    pairs = ["%s=%s" % (word(rng), word(rng)) for _ in range(rng.randint(0, 3))]
    url = "https://%s.example.com/%s" % (word(rng).replace("%", "p"), path)
    if pairs:
        url += "?" + "&".join(pairs)
    body = bytes(rng.randrange(256) for _ in range(rng.randint(0, 200)))
    if rng.random() < 0.5:
        body = json.dumps({"type": "OUTGOING_CHANNEL_MESSAGE_CREATED", "n": rng.random(), "t": "h\u00e9llo"}).encode()
    now = rng.randint(1_600_000_000_000, 1_900_000_000_000)
    sent = now - rng.randint(0, 290_000)
    timestamp = str(sent)
    signature = sign(secret, method, url, body, timestamp)
    given = {"secret": secret, "method": method, "url": url, "body": body, "timestamp": timestamp,
             "signature": signature, "now_ms": now}
    expect = "valid"
    mutation = rng.choice(["none", "none", "decode-table", "body", "method", "url", "query-order",
                           "outside-table", "timestamp", "signature", "secret", "expired", "future",
                           "near-future", "float-timestamp"])
    if mutation == "decode-table":
        # Decoding an escape of the table changes nothing HubSpot signs.
        for escape, plain in TABLE:
            if escape in url:
                given["url"] = url.replace(escape, plain, 1)
                break
    elif mutation == "body":
        b = bytearray(body or b"x")
        if body:
            b[rng.randrange(len(b))] ^= 1 << rng.randrange(8)
        given["body"] = bytes(b)
        expect = "bad-signature"
    elif mutation == "method":
        given["method"] = "PATCH" if method != "PATCH" else "POST"
        expect = "bad-signature"
    elif mutation == "url":
        given["url"] = url.replace("example.com", "example.org", 1)
        expect = "bad-signature"
    elif mutation == "query-order":
        if len(pairs) >= 2 and pairs[0] != pairs[1]:
            swapped = [pairs[1], pairs[0]] + pairs[2:]
            given["url"] = url.split("?")[0] + "?" + "&".join(swapped)
            expect = "bad-signature"
    elif mutation == "outside-table":
        for escape, plain in OUTSIDE:
            if escape in url:
                given["url"] = url.replace(escape, plain, 1)
                expect = "bad-signature"
                break
        else:
            given["url"] = url + "%7E"
            expect = "bad-signature"
    elif mutation == "timestamp":
        given["timestamp"] = str(sent - rng.randint(1, 1000))
        expect = "bad-signature"
    elif mutation == "signature":
        raw = bytearray(base64.b64decode(signature))
        raw[rng.randrange(len(raw))] ^= 1 << rng.randrange(8)
        given["signature"] = base64.b64encode(bytes(raw)).decode()
        expect = "bad-signature"
    elif mutation == "secret":
        given["secret"] = secret + "x"
        expect = "bad-signature"
    elif mutation == "expired":
        given["now_ms"] = sent + 300_000 + rng.randint(0, 10_000_000)
        expect = "expired"
    elif mutation == "future":
        given["now_ms"] = sent - 60_001 - rng.randint(0, 10_000_000)
        expect = "future"
    elif mutation == "near-future":
        # Within the allowed skew of 60 s.
        given["now_ms"] = sent - rng.randint(0, 59_000)
    elif mutation == "float-timestamp":
        given["timestamp"] = timestamp + ".0"
        given["signature"] = sign(secret, method, url, body, given["timestamp"])
        expect = "timestamp"
    given["body_hex"] = given.pop("body").hex()
    given["expect"] = expect
    given["mutation"] = mutation
    return given


def main():
    seed, count = int(sys.argv[1]), int(sys.argv[2])
    rng = random.Random(seed)
    for _ in range(count):
        print(json.dumps(case(rng)))


if __name__ == "__main__":
    main()
