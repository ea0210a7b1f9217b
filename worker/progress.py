"""Training progress on a terminal: a bar per run when it is a TTY, one line per epoch if not."""

from __future__ import annotations

from typing import Any, TextIO

from tqdm import tqdm


class Progress:
    """An `emit` callback that draws what the events say."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.bar: tqdm[Any] | None = None
        self.interactive = stream.isatty()

    def __call__(self, event: dict[str, Any]) -> None:
        kind = event.get("type")
        if kind == "started":
            self._write(
                f"training on {event['device']}: {event['params']:,} parameters, "
                f"{event['sizes']['train']} training and "
                f"{event['sizes']['validation']} validation samples"
            )
        elif kind == "progress" and self.interactive:
            self._advance(event)
        elif kind == "epoch":
            values = (
                _fmt(k, v)
                for k, v in event.items()
                if k not in ("type", "epoch", "ts", "layers")  # layers: the browser's view
            )
            self._write(f"epoch {event['epoch']}: " + ", ".join(values))
        elif kind == "log":
            self._write(str(event["message"]))

    def _advance(self, event: dict[str, Any]) -> None:
        total = event["epochs"] * event["steps"]
        done = (event["epoch"] - 1) * event["steps"] + event["step"]
        if self.bar is None:
            self.bar = tqdm(total=total, file=self.stream, unit="step", leave=False)
        self.bar.n = done
        self.bar.set_postfix_str(
            f"epoch {event['epoch']}/{event['epochs']}, {event['samples_per_s']:.0f} samples/s",
            refresh=True,
        )

    def _write(self, line: str) -> None:
        if self.bar is not None:
            self.bar.write(line, file=self.stream)
        else:
            print(line, file=self.stream, flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _fmt(key: str, value: Any) -> str:
    if isinstance(value, float):
        return f"{key} {value:.4g}"
    return f"{key} {value}"
