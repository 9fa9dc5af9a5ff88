#!/usr/bin/env python3
"""Writes the fuzzer's seed corpus into DIRECTORY: the samples, every YAML and JSON fixture,
the YAML written inline in the Swift tests, and a few hostile inputs (SPEC §6)."""
import hashlib
import pathlib
import re
import sys

root = pathlib.Path(__file__).resolve().parent.parent
target = pathlib.Path(sys.argv[1])
target.mkdir(parents=True, exist_ok=True)
count = 0


def seed(data: bytes) -> None:
    global count
    (target / hashlib.sha1(data).hexdigest()).write_bytes(data)
    count += 1


for pattern in ("Samples/**/*.yaml", "Samples/**/*.yml", "Tests/**/*.yaml", "Tests/**/*.yml", "Tests/**/*.json", "Tests/**/*-meta.xml"):
    for path in sorted(root.glob(pattern)):
        seed(path.read_bytes())

# Swift string literals in the tests: multi-line ones, and one-line ones holding a newline.
escapes = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "'": "'", "0": "\0"}


def unescape(text: str) -> str:
    def replace(match: re.Match) -> str:
        body = match.group(1)
        if body.startswith("u{"):
            return chr(int(body[2:-1], 16))
        return escapes.get(body, body)
    return re.sub(r"\\(u\{[0-9a-fA-F]+\}|.)", replace, text)


for path in sorted(root.glob("Tests/**/*.swift")):
    source = path.read_text()
    for match in re.finditer(r'"""\n(.*?)\n([ \t]*)"""', source, re.S):
        indent = match.group(2)
        lines = [line[len(indent):] if line.startswith(indent) else line for line in match.group(1).split("\n")]
        if "\\(" not in match.group(1):
            seed(unescape("\n".join(lines) + "\n").encode())
    for match in re.finditer(r'"((?:[^"\\\n]|\\.)*\\n(?:[^"\\\n]|\\.)*)"', source):
        if "\\(" not in match.group(1):
            seed(unescape(match.group(1)).encode())

# Hostile inputs.
laughs = "l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
for level in range(1, 10):
    laughs += f"l{level}: &l{level} [" + ", ".join([f"*l{level - 1}"] * 9) + "]\n"
seed(laughs.encode())
seed(b"[" * 200 + b"]" * 200)
seed(b"a:\n" + b"".join(b"  " * i + b"b:\n" for i in range(1, 100)))
seed(b"name: \xff\xfe\xc3\x28 \xed\xa0\x80\n")
seed(b"kind: Ext\x00ernalCredential\n")
seed(b"\xef\xbb\xbfapiVersion: credc/v1\r\nkind: ExternalCredential\r\nname: A\r")
seed(b"a: &a {x: 1}\nb: {<<: [*a, *a], <<: *a}\n")
seed(b"apiVersion: credc/v1\nkind: ExternalCredential\nname: A\n\n--8<--\napiVersion: credc/v1\nkind: ExternalCredential\nname: A\n")
seed(b"a: '\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9 \xc3\xa9' # credc:ignore\n")
print(f"fuzz: {count} seeds in {target}", file=sys.stderr)
