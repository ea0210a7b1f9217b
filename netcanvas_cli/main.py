"""The `netcanvas` command: validate and train graphs, list layers, print the schema, serve.

`netcanvas validate FILE` exits 0 when the graph is valid, 1 when it is not (or
is not a graph at all) and 2 when the file cannot be read.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from netcanvas.messages import LANGS, render

from . import train, users

# The graph and its validation are imported by the commands that use them: `netcanvas users`
# runs without them (about a third of its start-up time, which the admin's commands and the
# tests that run them pay on each call).
if TYPE_CHECKING:
    from netcanvas.issues import Issue
    from netcanvas.validation import ValidationResult


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    result: int = args.run(args)
    return result


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="netcanvas", description=__doc__)
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    check = commands.add_parser("validate", help="check a graph file: shapes, parameters, errors")
    check.add_argument("file", help="a netcanvas/graph@1 JSON file, or - for standard input")
    check.add_argument("--json", action="store_true", help="print the validation answer as JSON")
    check.add_argument(
        "--lang", choices=LANGS, default="en", help="the language of the messages (default en)"
    )
    check.set_defaults(run=_validate)

    layers = commands.add_parser("layers", help="list the layer catalogue")
    layers.add_argument("--json", action="store_true", help="print it as GET /api/layers does")
    layers.set_defaults(run=_layers)

    schema = commands.add_parser("schema", help="print the JSON Schema of netcanvas/graph@1")
    schema.set_defaults(run=_schema)

    train.add_parser(commands)
    users.add_parser(commands)

    serve = commands.add_parser("serve", help="run the web app")
    serve.add_argument(
        "--host",
        default="127.0.0.1",
        help="the address to listen on; one other than loopback needs NETCANVAS_AUTH=accounts",
    )
    serve.add_argument("--port", type=int, default=8000)
    serve.set_defaults(run=_serve)
    return parser


def _schema(args: argparse.Namespace) -> int:
    from netcanvas.graph import graph_json_schema

    return _print_json(graph_json_schema())


def _validate(args: argparse.Namespace) -> int:
    from netcanvas.graph import load_graph
    from netcanvas.validation import validate

    try:
        text = sys.stdin.read() if args.file == "-" else Path(args.file).read_text("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        print(f"netcanvas: cannot read {args.file}: {error}", file=sys.stderr)
        return 2
    try:
        result = validate(load_graph(json.loads(text))).localised(args.lang)
    except (ValueError, RecursionError) as error:
        result = _not_a_graph(error, args.lang)
    if args.json:
        _print_json(result.model_dump(mode="json"))
    else:
        _print_report(args.file, result, args.lang)
    return 0 if result.valid else 1


def _not_a_graph(error: Exception, lang: str) -> ValidationResult:
    from netcanvas.graph import GraphFormatError
    from netcanvas.issues import Issue
    from netcanvas.json_problems import json_problem
    from netcanvas.validation import ValidationResult

    if isinstance(error, GraphFormatError):
        issues = [issue.localised(lang) for issue in error.issues]
        errors = [
            Issue(field=i.location, message=f"{i.location}: {i.message}", code=i.code)
            for i in issues
        ]
    else:
        why = (
            json_problem(error)
            if isinstance(error, json.JSONDecodeError | RecursionError)
            else error
        )
        errors = [Issue(message=render("format.file_not_json", {"error": why}, lang))]
    return ValidationResult(
        valid=False, nodes={}, total_params=0, total_macs=0, errors=errors, warnings=[]
    )


def _print_report(name: str, result: ValidationResult, lang: str) -> None:
    if result.nodes:
        width = max(len(node) for node in result.nodes)
        print(f"{'node':<{width}}  {'output shape':<18} {'params':>12} {'macs':>14}")
        for node, report in result.nodes.items():
            shape = "?" if report.output_shape is None else json.dumps(report.output_shape)
            print(
                f"{node:<{width}}  {shape:<18} {_count(report.params):>12} "
                f"{_count(report.macs):>14}"
            )
        print(f"{'total':<{width}}  {'':<18} {result.total_params:>12,} {result.total_macs:>14,}")
    for kind, issues in (("cli.error", result.errors), ("cli.warning", result.warnings)):
        for issue in issues:
            print(_issue_line(render(kind, {}, lang), issue))
    for unit, own in result.units.items():  # each unit's own view: its inner node ids
        where = render("cli.unit", {"unit": unit}, lang)
        for issue in own.errors:
            print(_issue_line(f"{where}: {render('cli.error', {}, lang)}", issue))
    count = len(result.errors)
    verdict = "cli.valid" if result.valid else "cli.invalid" if count == 1 else "cli.invalid_many"
    print(f"{name}: {render(verdict, {'count': count}, lang)}")


def _issue_line(kind: str, issue: Issue) -> str:
    where = ".".join(p for p in (issue.node, issue.field) if p) if issue.node else ""
    return f"{kind}: {where + ': ' if where else ''}{issue.message}"


def _count(value: int | None) -> str:
    return "?" if value is None else f"{value:,}"


def _layers(args: argparse.Namespace) -> int:
    from netcanvas.layers import LAYERS, catalogue

    if args.json:
        return _print_json(catalogue().model_dump(mode="json"))
    for layer in LAYERS.values():
        print(f"{layer.type:<18} {layer.category:<14} {layer.help.en}")
    return 0


def _serve(args: argparse.Namespace) -> int:
    from backend.serve import serve

    return serve(args.host, args.port)


def _print_json(data: Any) -> int:
    json.dump(data, sys.stdout, indent=2, ensure_ascii=False)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
