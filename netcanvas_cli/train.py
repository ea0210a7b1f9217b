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
from typing import Any

from pydantic import ValidationError

from netcanvas.training_config import TrainingConfig

# Command-line flags that set a training-config field of the same name.
CONFIG_FLAGS: dict[str, type] = {
    "epochs": int,
    "batch_size": int,
    "optimizer": str,
    "lr": float,
    "momentum": float,
    "weight_decay": float,
    "schedule": str,
    "step_size": int,
    "gamma": float,
    "warmup_epochs": int,
    "validation_split": float,
    "patience": int,
    "keep_best": str,
    "seed": int,
    "device": str,
}


def add_parser(commands: Any) -> None:
    train = commands.add_parser("train", help="train a graph on a dataset, write the artifacts")
    train.add_argument("graph", help="a netcanvas/graph@1 JSON file")
    train.add_argument("--dataset", required=True, help="a built-in name, or a zip / folder")
    train.add_argument("--validation", help="a second file used as the validation set")
    for name, kind in CONFIG_FLAGS.items():
        field = TrainingConfig.model_fields[name]
        train.add_argument(
            f"--{name.replace('_', '-')}",
            type=kind,
            dest=name,
            help=f"{field.description or ''} (default: {field.default})",
        )
    train.add_argument("--early-stopping", action="store_true", default=None)
    train.add_argument("--mixed-precision", action="store_true", default=None)
    train.add_argument("--init-from", help="an earlier run's folder (or model.safetensors)")
    train.add_argument("--freeze", help="comma-separated node ids whose weights stay fixed")
    train.add_argument("--out", default="runs/latest", help="folder for the artifacts")
    train.add_argument("--json", action="store_true", help="end with the final metrics as JSON")
    train.set_defaults(run=run)


def config_from(args: argparse.Namespace) -> TrainingConfig:
    values: dict[str, Any] = {
        name: getattr(args, name) for name in CONFIG_FLAGS if getattr(args, name) is not None
    }
    for flag in ("early_stopping", "mixed_precision"):
        if getattr(args, flag):
            values[flag] = True
    if args.init_from:
        values["init_from"] = args.init_from
    if args.freeze:
        values["freeze"] = [node.strip() for node in args.freeze.split(",") if node.strip()]
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
    from worker.progress import Progress
    from worker.run import run_training

    progress = Progress(sys.stderr)
    result = run_training(
        graph,
        args.dataset,
        config,
        Path(args.out),
        validation=args.validation,
        init_weights=Path(args.init_from) if args.init_from else None,
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
