#!/usr/bin/env python3
"""Validates YAML or JSON documents against a JSON Schema with a real validator.

Usage: validate-json-schema.py SCHEMA FILE...
Prints one JSON line per document: {"file", "document", "valid", "errors"}. Exit 0 unless the
tools are missing (exit 3), so that the caller judges the results.
"""
import json
import sys

try:
    import jsonschema
    import yaml
except ImportError as error:  # the test command installs them; say so plainly if not
    print(f"missing python module: {error.name} (pip install jsonschema pyyaml)", file=sys.stderr)
    sys.exit(3)


def main():
    schema_path, *files = sys.argv[1:]
    with open(schema_path, encoding="utf-8") as handle:
        schema = json.load(handle)
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class.check_schema(schema)
    validator = validator_class(schema)
    for path in files:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
        try:
            documents = [json.loads(text)] if path.endswith(".json") else list(yaml.safe_load_all(text))
        except (ValueError, yaml.YAMLError) as error:
            print(json.dumps({"file": path, "document": None, "valid": False, "errors": [f"unreadable: {error}"]}))
            continue
        for index, document in enumerate(d for d in documents if d is not None):
            errors = sorted(error.message for error in validator.iter_errors(document))
            print(json.dumps({"file": path, "document": index, "valid": not errors, "errors": errors}))


main()
