# ruff: noqa: E501  (one message per line reads better than split strings)
"""Every user-facing message of the core in one place: code -> English and Japanese template.

A message is a code and its params. Templates fill params with `str.format`; a param
that is itself a message (`{"code": ..., "params": ...}`) is rendered in the same
language first, and a list of messages is joined with "or". Codes are stable and
machine-readable; the wording may change.
"""

from __future__ import annotations

from typing import Any, Literal

Lang = Literal["en", "ja"]
LANGS: tuple[Lang, ...] = ("en", "ja")

MESSAGES: dict[str, tuple[str, str]] = {
    # ---- fallbacks: plain text, the same in both languages
    "other": ("{text}", "{text}"),
    "shape.other": ("{text}", "{text}"),
    "param.other": ("{field} {text}", "{field}: {text}"),
    # ---- small pieces filled into other messages
    "hint.did_you_mean": (" (did you mean {name}?)", "（{name} のことですか？）"),
    "hint.item": (" item {index}", " の要素 {index}"),
    "ports.at_least": ("at least {min} inputs", "{min} 個以上の入力"),
    "ports.none": ("no inputs", "入力なし"),
    "ports.one": ("1 input", "1 個の入力"),
    "ports.exact": ("{min} inputs", "{min} 個の入力"),
    "ports.range": ("{min} to {max} inputs", "{min}〜{max} 個の入力"),
    "kind.list": ("a list", "リスト"),
    "kind.int": ("an integer", "整数"),
    "kind.float": ("a number", "数値"),
    "kind.bool": ("true or false", "true か false"),
    "kind.none": ("null", "null"),
    "kind.str": ("text", "文字列"),
    "kind.literal": ("{expected}", "{expected}"),
    "kind.other": ("{name}", "{name}"),
    # ---- parameters (pydantic errors, worded for a person)
    "param.unknown": (
        "unknown parameter '{field}'{suggestion}",
        "不明なパラメータ '{field}'{suggestion}",
    ),
    "param.at_least": (
        "{field}{item} must be at least {ge}",
        "{field}{item} は {ge} 以上にしてください",
    ),
    "param.more_than": (
        "{field}{item} must be more than {gt}",
        "{field}{item} は {gt} より大きくしてください",
    ),
    "param.at_most": (
        "{field}{item} must be at most {le}",
        "{field}{item} は {le} 以下にしてください",
    ),
    "param.less_than": (
        "{field}{item} must be less than {lt}",
        "{field}{item} は {lt} 未満にしてください",
    ),
    "param.integer": ("{field}{item} must be an integer", "{field}{item} は整数にしてください"),
    "param.number": ("{field}{item} must be a number", "{field}{item} は数値にしてください"),
    "param.bool": (
        "{field}{item} must be true or false",
        "{field}{item} は true か false にしてください",
    ),
    "param.text": ("{field}{item} must be text", "{field}{item} は文字列にしてください"),
    "param.list": ("{field}{item} must be a list", "{field}{item} はリストにしてください"),
    "param.object": (
        "{field}{item} must be an object",
        "{field}{item} はオブジェクトにしてください",
    ),
    "param.required": ("{field}{item} is required", "{field}{item} は必須です"),
    "param.too_short": (
        "{field}{item} must have at least {min_length} items",
        "{field}{item} は {min_length} 個以上の要素が必要です",
    ),
    "param.too_long": (
        "{field}{item} must have at most {max_length} items",
        "{field}{item} の要素は {max_length} 個までです",
    ),
    "param.text_too_short": (
        "{field}{item} must have at least {min_length} characters",
        "{field}{item} は {min_length} 文字以上にしてください",
    ),
    "param.text_too_long": (
        "{field}{item} must have at most {max_length} characters",
        "{field}{item} は {max_length} 文字以内にしてください",
    ),
    "param.finite": (
        "{field}{item} must be a finite number",
        "{field}{item} は有限の数値にしてください",
    ),
    "param.literal": (
        "{field}{item} must be {expected}",
        "{field}{item} は {expected} のいずれかにしてください",
    ),
    "param.kinds": ("{field} must be {kinds}", "{field} は{kinds}にしてください"),
    # ---- graph documents (netcanvas/graph.py): why a JSON value is not a graph at all
    "format.not_object": ("a graph is a JSON object", "グラフは JSON オブジェクトです"),
    "format.unknown_field": (
        "unknown top-level field '{key}'",
        "不明なトップレベルのフィールド '{key}'",
    ),
    "format.missing": (
        "missing 'format': expected '{expected}'",
        "'format' がありません: '{expected}' を指定してください",
    ),
    "format.unknown": (
        "unknown format {found}: this version reads '{expected}'",
        "不明な形式 {found}: このバージョンが読めるのは '{expected}' です",
    ),
    "format.extra_field": ("Extra inputs are not permitted", "このフィールドは使えません"),
    "format.value": ("the value", "値"),
    "format.not_json": ("the body is not JSON: {error}", "本文が JSON ではありません: {error}"),
    "format.file_not_json": ("not JSON: {error}", "JSON ではありません: {error}"),
    "format.not_a_graph": (
        "not a netcanvas/graph@1 graph: {text}",
        "netcanvas/graph@1 のグラフではありません: {text}",
    ),
    # ---- nodes and edges
    "graph.cycle": ("'{node}' is in a cycle: {path}", "'{node}' は循環の中にあります: {path}"),
    "node.duplicate_id": ("duplicate node id '{node}'", "ノード ID '{node}' が重複しています"),
    "node.unknown_type": (
        "unknown layer type '{type}'{suggestion}",
        "不明なレイヤー種別 '{type}'{suggestion}",
    ),
    "node.bad_id": (
        "node id '{node}' is not allowed: ids may not contain '.', "
        "start with '_', or be a reserved name such as 'forward'",
        "ノード ID '{node}' は使えません: '.' を含む ID、'_' で始まる ID、"
        "'forward' などの予約名は使えません",
    ),
    "node.too_few_inputs": (
        "'{node}' needs {ports}; none connected",
        "'{node}' には{ports}が必要ですが、何も接続されていません",
    ),
    "node.few_inputs": (
        "'{node}' needs {ports}; {count} connected",
        "'{node}' には{ports}が必要ですが、接続は {count} 個です",
    ),
    "node.too_many_inputs": (
        "'{node}' takes {ports}; {count} connected",
        "'{node}' が取るのは{ports}ですが、{count} 個接続されています",
    ),
    "node.infer_failed": ("cannot infer the shape: {text}", "形状を推論できません: {text}"),
    "edge.no_nodes": (
        "edge {edge}: neither '{source}' nor '{target}' is a node",
        "エッジ {edge}: '{source}' も '{target}' もノードではありません",
    ),
    "edge.no_source": (
        "edge {edge}: source '{source}' is not a node (into '{target}')",
        "エッジ {edge}: 接続元 '{source}' はノードではありません（'{target}' へ）",
    ),
    "edge.no_target": (
        "edge {edge}: target '{target}' is not a node (out of '{source}')",
        "エッジ {edge}: 接続先 '{target}' はノードではありません（'{source}' から）",
    ),
    "edge.self": (
        "edge {edge}: '{source}' is connected to itself",
        "エッジ {edge}: '{source}' が自分自身に接続されています",
    ),
    "edge.from_loss": (
        "edge {edge}: '{source}' is a loss and ends the graph; it cannot feed '{target}'",
        "エッジ {edge}: '{source}' は損失でグラフの終端です。'{target}' へはつなげません",
    ),
    "edge.into_source": (
        "edge {edge}: '{target}' is an {type} and takes no inputs",
        "エッジ {edge}: '{target}' は {type} で、入力を取りません",
    ),
    "port.twice": (
        "input port {port} of '{node}' is fed twice (edges {first} and {edge})",
        "'{node}' の入力ポート {port} に 2 本つながっています（エッジ {first} と {edge}）",
    ),
    "port.missing": (
        "'{node}' has no input port {port}; {type} takes {ports}",
        "'{node}' に入力ポート {port} はありません。{type} が取るのは{ports}です",
    ),
    # ---- the whole graph
    "graph.no_input": (
        "the graph has no Input node; add one to feed samples into the network",
        "Input ノードがありません。ネットワークにサンプルを渡すために追加してください",
    ),
    "graph.several_losses": (
        "a network has one loss node; found {count}: {losses}",
        "損失ノードは 1 つだけです。{count} 個あります: {losses}",
    ),
    "graph.no_loss": (
        "no loss node: the network can be checked but not trained; end it with a loss",
        "損失ノードがありません: 検証はできますが学習はできません。最後に損失をつないでください",
    ),
    "graph.several_outputs": (
        "several outputs ({sinks}); add a loss to choose the network's output",
        "出力が複数あります（{sinks}）。損失を追加してネットワークの出力を決めてください",
    ),
    "graph.unused": (
        "'{node}' does not lead to the loss '{loss}'; it is ignored in training",
        "'{node}' は損失 '{loss}' につながっていないため、学習では無視されます",
    ),
    "loss.softmax_before_cross_entropy": (
        "{loss} applies {activation} itself: training uses the values before '{node}', "
        "so it is not applied twice; predictions keep it",
        "{loss} は {activation} を内部で適用します: 二重にならないよう学習では '{node}' の手前の値を使い、"
        "予測では '{node}' を適用します",
    ),
    "loss.bce_needs_sigmoid": (
        "BCELoss expects probabilities in 0..1: put a Sigmoid before it, or use BCEWithLogitsLoss",
        "BCELoss は 0〜1 の確率を受け取ります: 手前に Sigmoid を置くか、BCEWithLogitsLoss を使ってください",
    ),
    "loss.target_needs_input": (
        "target 'input' compares the output with the Input, so the graph needs exactly one valid Input node",
        "target 'input' は出力を Input と比べるため、有効な Input ノードがちょうど 1 つ必要です",
    ),
    "loss.target_shape": (
        "target 'input' needs the output {output_shape} of '{output}' to match the Input's shape {input_shape}",
        "target 'input' では '{output}' の出力 {output_shape} が Input の形状 {input_shape} と一致する必要があります",
    ),
    "loss.cross_entropy_scalar": (
        "CrossEntropyLoss needs class scores [C]; got a scalar",
        "CrossEntropyLoss にはクラススコア [C] が必要ですが、スカラーが来ています",
    ),
    # ---- shapes
    "shape.num_parameters": (
        "num_parameters {count} must be 1 or the channel count (axis 0 of {shape})",
        "num_parameters {count} は 1 かチャネル数（{shape} の 0 番目の軸）である必要があります",
    ),
    "shape.max_above_min": (
        "max_val {max} must be above min_val {min}",
        "max_val {max} は min_val {min} より大きい必要があります",
    ),
    "shape.groups_divide": (
        "groups {groups} must divide both input channels {in_channels} and out_channels {out_channels}",
        "groups {groups} は入力チャネル数 {in_channels} と out_channels {out_channels} の両方を割り切る必要があります",
    ),
    "shape.same_needs_stride_1": (
        "padding 'same' needs stride 1",
        "padding 'same' には stride 1 が必要です",
    ),
    "shape.output_padding": (
        "output_padding {extra} must be smaller than stride or dilation along {axis}",
        "output_padding {extra} は {axis} 方向の stride か dilation より小さい必要があります",
    ),
    "shape.padding_trims": (
        "padding {pad} trims the output to nothing along {axis} (input {shape})",
        "padding {pad} で {axis} 方向の出力がなくなります（入力 {shape}）",
    ),
    "shape.one_value_per_channel": (
        "{layer} needs more than one value per channel; got {shape}",
        "{layer} にはチャネルごとに 2 つ以上の値が必要ですが、{shape} です",
    ),
    "shape.num_groups": (
        "num_groups {groups} must divide the channels (axis 0 of {shape})",
        "num_groups {groups} はチャネル数（{shape} の 0 番目の軸）を割り切る必要があります",
    ),
    "shape.pool_padding": (
        "padding {pad} is more than half the window {kernel} along {axis}",
        "padding {pad} が {axis} 方向の窓 {kernel} の半分を超えています",
    ),
    "shape.scale_to_nothing": (
        "scale_factor shrinks {shape} to nothing",
        "scale_factor で {shape} が 0 に縮みます",
    ),
    "shape.rank": (
        "{layer} needs input {layout}; got {shape}",
        "{layer} の入力は {layout} である必要がありますが、{shape} です",
    ),
    "shape.sequence": (
        "{layer} needs a sequence [T, F]; got {shape}",
        "{layer} の入力は系列 [T, F] である必要がありますが、{shape} です",
    ),
    "shape.axis_range": (
        "{name} {dim} is out of range for a {rank}-axis input",
        "{name} {dim} は {rank} 軸の入力の範囲外です",
    ),
    "shape.kernel_too_large": (
        "kernel {span} is larger than the padded input {padded} along {axis}",
        "{axis} 方向でカーネル {span} がパディング後の入力 {padded} より大きいです",
    ),
    "shape.needs_axis": (
        "{layer} needs an input with at least one axis",
        "{layer} の入力には少なくとも 1 つの軸が必要です",
    ),
    "shape.padding_idx": (
        "padding_idx must be smaller than num_embeddings",
        "padding_idx は num_embeddings より小さくしてください",
    ),
    "shape.normalized_dims": (
        "normalized_dims {dims} is more than the input's axes {shape}",
        "normalized_dims {dims} が入力の軸 {shape} の数を超えています",
    ),
    "shape.dims_order": (
        "start_dim {start} comes after end_dim {end}",
        "start_dim {start} が end_dim {end} より後ろにあります",
    ),
    "shape.reshape_sizes": (
        "shape takes sizes of at least 1 and at most one -1",
        "shape には 1 以上のサイズを指定し、-1 は 1 つまでにしてください",
    ),
    "shape.reshape_multiple": (
        "cannot reshape {shape} ({size} values) into {target}: {size} is not a multiple of {known}",
        "{shape}（{size} 個の値）を {target} に変形できません: {size} は {known} の倍数ではありません",
    ),
    "shape.reshape_count": (
        "cannot reshape {shape} ({size} values) into {target} ({known} values)",
        "{shape}（{size} 個の値）を {target}（{known} 個の値）に変形できません",
    ),
    "shape.concat_rank": (
        "Concat needs inputs with the same number of axes; got {shapes}",
        "Concat の入力は軸の数が同じである必要がありますが、{shapes} です",
    ),
    "shape.concat_axes": (
        "Concat along axis {dim} needs all other axes equal; got {shapes}",
        "軸 {dim} での Concat は他の軸がすべて等しい必要がありますが、{shapes} です",
    ),
    "shape.same": (
        "{layer} needs inputs of one shape; got {shapes}",
        "{layer} の入力はすべて同じ形状である必要がありますが、{shapes} です",
    ),
    # ---- dataset uploads (worker/datasets), problems listed by row or file
    "dataset.other": ("{text}", "{text}"),
    "dataset.row_columns": (
        "{label} row {row}: expected {expected} columns ({header}), found {found}",
        "{label} の {row} 行目: 列は {expected} 個（{header}）のはずが {found} 個あります",
    ),
    "dataset.not_number": (
        "{label} row {row}, column {column}: {value} is not a number",
        "{label} の {row} 行目、列 {column}: {value} は数値ではありません",
    ),
    "dataset.empty_value": ("an empty value", "空の値"),
    "dataset.more": ("... and {count} more", "…ほか {count} 件"),
    "dataset.and_one_more": ("{first} (and 1 more problem)", "{first}（ほか 1 件の問題）"),
    "dataset.and_more": ("{first} (and {count} more problems)", "{first}（ほか {count} 件の問題）"),
    # ---- POST /api/jobs (backend/jobs.py)
    "job.network_or_graph": (
        "give either network_id or graph",
        "network_id か graph のどちらか一方を指定してください",
    ),
    "job.config": ("impossible training config", "学習設定が正しくありません"),
    "job.graph_invalid": ("the graph is not valid", "グラフが正しくありません"),
    "job.one_input": (
        "a job trains networks with exactly one Input",
        "学習できるのは Input がちょうど 1 つのネットワークです",
    ),
    "job.shape_mismatch": (
        "dataset '{dataset}' has samples of shape {sample} but the network's Input is {shape}",
        "データセット '{dataset}' のサンプルの形状は {sample} ですが、ネットワークの Input は {shape} です",
    ),
    "job.init_from": (
        "init_from must name a succeeded job of yours",
        "init_from には自分の成功したジョブを指定してください",
    ),
    "job.unknown_dataset": ("unknown dataset '{dataset}'", "不明なデータセット '{dataset}'"),
    "job.no_gpu_worker": (
        "device 'cuda' was asked for, but no worker with a GPU is running; "
        "choose 'auto' (a GPU when there is one) or 'cpu'",
        "device 'cuda' が指定されましたが、GPU のあるワーカーが動いていません。"
        "'auto'（GPU があれば GPU）か 'cpu' を選んでください",
    ),
    # ---- `netcanvas validate` (netcanvas_cli): labels of its report
    "cli.error": ("error", "エラー"),
    "cli.warning": ("warning", "警告"),
    "cli.valid": ("valid", "有効"),
    "cli.invalid": ("invalid (1 error)", "無効（エラー 1 件）"),
    "cli.invalid_many": ("invalid ({count} errors)", "無効（エラー {count} 件）"),
}

OR = {"en": " or ", "ja": "または"}


def message(code: str, **params: Any) -> dict[str, Any]:
    """A message as a value, to fill into another message's params."""
    return {"code": code, "params": params}


def render(code: str, params: dict[str, Any] | None = None, lang: str = "en") -> str:
    """The message `code` in `lang` (English for any other language), params filled in."""
    index = 1 if lang == "ja" else 0
    template = MESSAGES.get(code, MESSAGES["other"])[index]
    filled = {key: _value(value, lang) for key, value in (params or {}).items()}
    try:
        return template.format(**filled)
    except (KeyError, IndexError, ValueError):
        return str(filled.get("text", code))


def _value(value: Any, lang: str) -> Any:
    if isinstance(value, dict) and "code" in value:
        return render(str(value["code"]), value.get("params") or {}, lang)
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        return OR["ja" if lang == "ja" else "en"].join(str(_value(v, lang)) for v in value)
    return value


def prefer(accept_language: str | None) -> Lang:
    """'ja' when an Accept-Language header prefers Japanese over English, else 'en'."""
    best: dict[str, float] = {}
    for part in (accept_language or "").split(","):
        tag, _, rest = part.strip().partition(";")
        lang = tag.strip().lower().split("-")[0]
        quality = 1.0
        if rest.strip().startswith("q="):
            try:
                quality = float(rest.strip()[2:])
            except ValueError:
                quality = 0.0
        if lang in LANGS and quality > best.get(lang, -1.0):
            best[lang] = quality
    return "ja" if best.get("ja", 0.0) > best.get("en", 0.0) else "en"
