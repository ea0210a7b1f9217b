"""`netcanvas train GRAPH --dataset NAME|PATH ...`: train in this process and write artifacts.

Shows a progress bar on a terminal (epoch lines otherwise) on standard error.
With `--json` the last line of standard output is one JSON object with the
final metrics. Exit status: 0 when training succeeded, 1 when it failed or was
stopped, 2 for a bad command line or configuration.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any, Literal, get_args, get_origin

from pydantic import ValidationError
from pydantic.fields import FieldInfo

from netcanvas import pretrained
from netcanvas.training_config import TrainingConfig

# Help where the field's own description does not say what the command line takes.
HELP = {
    "device": "where to train: auto (a GPU when there is one), cpu or cuda",
    "init_from": "an earlier run's folder (or model.safetensors), or pretrained:<name> for "
    f"weights that ship with NetCanvas ({', '.join(pretrained.catalogue())})",
}


def add_parser(commands: Any) -> None:
    train = commands.add_parser("train", help="train a graph on a dataset, write the artifacts")
    train.add_argument("graph", help="a netcanvas/graph@1 JSON file")
    train.add_argument("--dataset", required=True, help="a built-in name, or a zip / folder")
    train.add_argument("--validation", help="a second file used as the validation set")
    train.add_argument("--test", help="a file used as the test set, evaluated after training")
    train.add_argument(
        "--test-fraction",
        type=float,
        help="or hold out this fraction of the rows as the test set (0 to 0.5)",
    )
    train.add_argument("--test-seed", type=int, default=0,
                       help="the seed that picks the test rows (default: 0)")  # fmt: skip
    for name, field in TrainingConfig.model_fields.items():
        if name != "test_fraction":  # the flag above, which also sets the config's field
            add_config_flag(train, name, field)
    train.add_argument("--out", default="runs/latest", help="folder for the artifacts")
    train.add_argument("--json", action="store_true", help="end with the final metrics as JSON")
    train.set_defaults(run=run)


def add_config_flag(parser: argparse.ArgumentParser, name: str, field: FieldInfo) -> None:
    """`--some-name` for the config field `some_name`, typed from its annotation."""
    flag, annotation = f"--{name.replace('_', '-')}", field.annotation
    description = HELP.get(name) or field.description or ""
    if annotation is bool:
        parser.add_argument(flag, dest=name, action="store_true", default=None, help=description)
        return
    if get_origin(annotation) is list:
        help_text = f"{description} (comma-separated)"
        parser.add_argument(flag, dest=name, type=_comma_list, help=help_text)
        return
    options: dict[str, Any] = {"type": str}
    if get_origin(annotation) is Literal:
        options["choices"] = list(get_args(annotation))
    elif annotation in (int, float):
        options["type"] = annotation
    default = field.get_default(call_default_factory=True)
    help_text = description if default is None else f"{description} (default: {default})"
    parser.add_argument(flag, dest=name, help=help_text, **options)


def _comma_list(text: str) -> list[str]:
    return [item.strip() for item in text.split(",") if item.strip()]


def config_from(args: argparse.Namespace) -> TrainingConfig:
    """The config from the flags that were given; the rest keep their defaults."""
    values = {
        name: getattr(args, name)
        for name in TrainingConfig.model_fields
        if getattr(args, name, None) not in (None, [])
    }
    return TrainingConfig.model_validate(values)


def run(args: argparse.Namespace) -> int:
    try:
        config = config_from(args)
        graph = json.loads(Path(args.graph).read_text("utf-8"))
    except ValidationError as error:
        for item in error.errors(include_url=False):
            where = ".".join(str(p) for p in item["loc"])
            print(f"netcanvas train: {where}: {item['msg']}", file=sys.stderr)
        return 2
    except (OSError, ValueError) as error:
        print(f"netcanvas train: cannot read {args.graph}: {error}", file=sys.stderr)
        return 2
    if args.test is not None and args.test_fraction is not None:
        print("netcanvas train: give --test or --test-fraction, not both", file=sys.stderr)
        return 2
    from worker.datasets import TestSplit
    from worker.progress import Progress
    from worker.run import run_training

    test = None
    if args.test is not None or args.test_fraction is not None:
        test = TestSplit(file=args.test, fraction=args.test_fraction, seed=args.test_seed)

    progress = Progress(sys.stderr)
    result = run_training(
        graph,
        args.dataset,
        config,
        Path(args.out),
        validation=args.validation,
        test=test,
        init_weights=earlier_weights(args.init_from),
        emit=progress,
    )
    progress.close()
    if result.status != "succeeded":
        print(f"netcanvas train: {result.status}: {result.reason}", file=sys.stderr)
    else:
        print(f"artifacts in {args.out}: {', '.join(sorted(result.artifacts))}", file=sys.stderr)
    if args.json:
        print(json.dumps({"status": result.status, "reason": result.reason, **result.summary}))
    return 0 if result.status == "succeeded" else 1


def earlier_weights(init_from: str | None) -> Path | None:
    """An earlier run's folder or file; None for shipped weights ("pretrained:<name>"), which
    the run finds itself from the config's `init_from`."""
    if not init_from or pretrained.name_of(init_from) is not None:
        return None
    return Path(init_from)
