"""What each sample teaches: its built-in dataset, its training settings, a note and a result.

A sample opened in the editor and trained as it comes (the launch panel preselects
`dataset` and `config`) must show its lesson on a CPU within a minute or so. `config`
is a training config as `POST /api/jobs` takes it: only the fields that differ from
`TrainingConfig`'s defaults. `note` says in English and Japanese what to look for and
what the run reaches; `expect` is that result as bounds on the run's final metrics
(`worker.run.RunResult.summary`: `train_accuracy`, `val_accuracy`, `val_loss`,
`val_mse`, `val_recall` ...), and every bound is written in both notes (a percentage for an
accuracy, the number itself otherwise).

The figures were measured with `bench/sample_lessons.py` over several seeds; the
bounds leave room beyond the worst seed. `tests/test_sample_lessons.py` checks every
config against `TrainingConfig`, every dataset against the catalogue and every note
against its bounds; `tests/torch/test_sample_lessons.py` trains every sample with its
own settings and checks `expect`. Torch-free.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict


class SampleNote(BaseModel):
    """What to look for and the result to expect, in English and Japanese."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    en: str
    ja: str


class Bound(BaseModel):
    """A final metric of the run and the side of a number it ends on."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    metric: str
    at_least: float | None = None
    at_most: float | None = None

    def holds(self, value: float) -> bool:
        low = self.at_least is None or value >= self.at_least
        return low and (self.at_most is None or value <= self.at_most)


class Lesson(BaseModel):
    """A sample's dataset, settings, note (by language) and expected result."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    dataset: str
    config: dict[str, Any]
    note: SampleNote
    expect: tuple[Bound, ...]


def _least(metric: str, value: float) -> Bound:
    return Bound(metric=metric, at_least=value)


def _most(metric: str, value: float) -> Bound:
    return Bound(metric=metric, at_most=value)


# The perceptron and the MLP train alike, so that the network is the only difference.
XOR_CONFIG: dict[str, Any] = {"epochs": 50, "batch_size": 32, "lr": 0.05}

# digits_few and digits_few_augmented: a fifth of the digits to train on, the rest to validate.
DIGITS_FEW_CONFIG: dict[str, Any] = {
    "epochs": 30,
    "batch_size": 16,
    "lr": 0.003,
    "validation_split": 0.8,
}

# The topic samples' shared settings: within each comparison only the network differs.
DEEP_CONFIG: dict[str, Any] = {"epochs": 30, "batch_size": 32, "lr": 0.01}
LOSS_CONFIG: dict[str, Any] = {"epochs": 10, "batch_size": 32, "optimizer": "sgd", "lr": 0.1}
CONV_CONFIG: dict[str, Any] = {"epochs": 10, "batch_size": 32, "lr": 0.003}
OVERFIT_CONFIG: dict[str, Any] = {"epochs": 20, "batch_size": 32, "lr": 0.003}

LESSONS: dict[str, Lesson] = {
    "perceptron": Lesson(
        dataset="xor",
        config=XOR_CONFIG,
        note=SampleNote(
            en="One straight line cannot separate XOR: however long it trains, the "
            "perceptron stays near chance, at most 60 % training accuracy (46 % here), and "
            "its loss stays near 0.69, the loss of a coin toss. Train the XOR MLP with the "
            "same settings and compare: the job page's decision boundary shows the one "
            "straight line; tick both jobs in the job list and press \u201cCompare the two "
            "jobs\u201d to see the two boundaries side by side.",
            ja="XOR は 1 本の直線では分けられません。どれだけ学習しても、パーセプトロンの"
            "学習精度は偶然と変わらず最大 60 %（この設定では 46 %）、損失もコイン投げと同じ "
            "0.69 付近のままです。同じ設定で XOR MLP を学習して比べましょう。ジョブの"
            "ページの決定境界には 1 本の直線が見えます。ジョブ一覧で両方のジョブにチェックを"
            "入れて「2 つのジョブを比較」を押すと、2 つの境界が並びます。",
        ),
        expect=(_most("train_accuracy", 0.6),),
    ),
    "xor_mlp": Lesson(
        dataset="xor",
        config=XOR_CONFIG,
        note=SampleNote(
            en="A hidden Tanh layer bends the boundary, so the training that leaves the "
            "perceptron at chance solves XOR: training accuracy reaches at least 99 % "
            "(100 % here) and the loss falls close to 0. It needs these settings: with the "
            "defaults (10 epochs, learning rate 0.001) it stops far short (50 % with seed 0). "
            "Watch the decision boundary on the job page bend as the epochs pass.",
            ja="Tanh の隠れ層が境界を曲げるので、パーセプトロンが偶然どまりの同じ学習で XOR "
            "が解けます。学習精度は 99 % 以上（この設定では 100 %）になり、損失はほぼ 0 "
            "まで下がります。この設定が必要で、既定値（10 エポック、学習率 0.001）では遠く"
            "及びません（シード 0 で 50 %）。ジョブのページで、エポックが進むにつれて決定境界が"
            "曲がっていく様子を見てください。",
        ),
        expect=(_least("train_accuracy", 0.99),),
    ),
    "logistic_regression": Lesson(
        dataset="breast_cancer",
        config={"epochs": 30, "batch_size": 32, "lr": 0.01},
        note=SampleNote(
            en="One weighted sum of 30 standardised measurements, through a sigmoid, is "
            "enough here: validation accuracy reaches at least 95 % (97 % here). Look at "
            "the confusion matrix: which mistake does it make more, a malignant tumour "
            "called benign or the other way round?",
            ja="標準化した 30 個の計測値の重み付き和をシグモイドに通すだけで十分です。検証"
            "精度は 95 % 以上（この設定では 97 %）になります。混同行列を見て、悪性を良性と"
            "間違えるのと、その逆と、どちらが多いか確かめましょう。",
        ),
        expect=(_least("val_accuracy", 0.95),),
    ),
    "digits_cnn": Lesson(
        dataset="digits",
        config={"epochs": 15, "batch_size": 32, "lr": 0.002},
        note=SampleNote(
            en="Two small convolutions with pooling read 8×8 digits: validation accuracy "
            "reaches at least 95 % (99 % here) in seconds. Open the confusion matrix and "
            "click a cell off the diagonal to see which digits it confuses.",
            ja="プーリング付きの小さな畳み込み 2 層で 8×8 の数字を読みます。検証精度は数秒で "
            "95 % 以上（この設定では 99 %）になります。混同行列の対角線以外のセルを"
            "クリックして、どの数字を取り違えるか見てみましょう。",
        ),
        expect=(_least("val_accuracy", 0.95),),
    ),
    "lenet": Lesson(
        dataset="mnist5k",
        config={"epochs": 3, "batch_size": 64, "lr": 0.002},
        note=SampleNote(
            en="Convolution, pooling, convolution, pooling, then two dense layers: the "
            "classic LeNet recipe reaches at least 93 % validation accuracy (95 % here) on "
            "real 28×28 MNIST digits after 3 epochs. The statistics panel shows where its "
            "parameters are: mostly in fc1.",
            ja="畳み込み、プーリング、畳み込み、プーリング、そして全結合 2 層という古典的な "
            "LeNet の構成で、本物の 28×28 の MNIST 数字を 3 エポック学習すると検証精度は "
            "93 % 以上（この設定では 95 %）になります。統計パネルでパラメータの多くが fc1 "
            "にあることを確かめましょう。",
        ),
        expect=(_least("val_accuracy", 0.93),),
    ),
    "small_vgg": Lesson(
        dataset="mnist5k",
        config={"epochs": 2, "batch_size": 64, "lr": 0.002},
        note=SampleNote(
            en="Stacked 3×3 convolutions with batch normalisation learn fast: validation "
            "accuracy reaches at least 93 % (95 % here) in 2 epochs. Training accuracy is "
            "lower (91 % here): it is measured while the weights still change and dropout "
            "is on, while validation uses the trained network with dropout off.",
            ja="バッチ正規化付きの 3×3 畳み込みを重ねると速く学習します。検証精度は 2 "
            "エポックで 93 % 以上（この設定では 95 %）になります。学習精度のほうが低い"
            "（この設定では 91 %）のは、重みが変わっている途中で Dropout を有効にしたまま"
            "測るからで、検証は学習後のネットワークで Dropout を切って測ります。",
        ),
        expect=(_least("val_accuracy", 0.93),),
    ),
    "resnet_block": Lesson(
        dataset="mnist5k",
        config={"epochs": 3, "batch_size": 64, "lr": 0.003},
        note=SampleNote(
            en="The Add node sums the block's input (relu1) with its output (bn3): the "
            "block only has to learn a correction, and gradients flow back through the "
            "skip unchanged. It reaches at least 92 % validation accuracy (94 % here) in 3 "
            "epochs.",
            ja="Add ノードがブロックの入力（relu1）と出力（bn3）を足すので、ブロックは補正"
            "だけを学べばよく、勾配もスキップ接続をそのまま逆向きに流れます。3 エポックで"
            "検証精度は 92 % 以上（この設定では 94 %）になります。",
        ),
        expect=(_least("val_accuracy", 0.92),),
    ),
    "bigru_classifier": Lesson(
        dataset="mnist5k",
        config={"epochs": 3, "batch_size": 64, "lr": 0.01},
        note=SampleNote(
            en="A recurrent network can read an image too: the GRU reads the 28 rows of a "
            "digit one at a time, in both directions, and reaches at least 85 % validation "
            "accuracy (90 % here) in 3 epochs, below the convolutional samples, which see "
            "the rows side by side.",
            ja="再帰型ネットワークでも画像を読めます。GRU は数字の 28 行を 1 行ずつ両方向から"
            "読み、3 エポックで検証精度 85 % 以上（この設定では 90 %）になります。行を並べて"
            "見る畳み込みのサンプルよりは低めです。",
        ),
        expect=(_least("val_accuracy", 0.85),),
    ),
    "conv_autoencoder": Lesson(
        dataset="mnist5k",
        config={"epochs": 3, "batch_size": 64, "lr": 0.003},
        note=SampleNote(
            en="No labels: the target is the input itself. The reconstruction loss (mean "
            "squared error per pixel) falls epoch by epoch (0.028, 0.008, 0.004 here) to at "
            "most 0.01, far below the 0.066 of drawing the average digit every time. Compare "
            "the originals with their reconstructions under the evaluation.",
            ja="ラベルは使わず、入力そのものが正解です。再構成損失（画素ごとの二乗誤差の"
            "平均）はエポックごとに下がり（この設定では 0.028、0.008、0.004）、0.01 以下に"
            "なります。毎回平均的な数字を描く場合の 0.066 よりずっと小さい値です。評価の下で"
            "元の画像と再構成を見比べましょう。",
        ),
        expect=(_most("val_loss", 0.01),),
    ),
    "lstm_sine": Lesson(
        dataset="sine",
        config={"epochs": 5, "batch_size": 32, "lr": 0.005},
        note=SampleNote(
            en="Watch the per-step curve: within the first epoch the error falls from about "
            "0.5 (the spread of the values) to below 0.01. The validation MSE ends at most "
            "0.01 (0.006 here), about a third of repeating the last value (0.02) and near the "
            "noise in the data (0.0025).",
            ja="ステップごとの曲線を見ましょう。最初のエポックのうちに誤差が約 0.5（値の"
            "ばらつき）から 0.01 未満まで下がります。検証 MSE は最後に 0.01 以下（この設定"
            "では 0.006）で、直前の値をそのまま使う予測（0.02）の約 3 分の 1、データのノイズ"
            "（0.0025）に近い値です。",
        ),
        expect=(_most("val_mse", 0.01),),
    ),
    "text_classifier": Lesson(
        dataset="sentiment",
        config={"epochs": 6, "batch_size": 64, "lr": 0.01},
        note=SampleNote(
            en="What overfitting looks like: with 1,600 reviews to learn from, training "
            "accuracy climbs to at least 95 % (99 % here) while validation accuracy stays "
            "between 65 % and 85 % (74 % here) and the validation loss rises in the later "
            "epochs. "
            "The network memorises reviews instead of learning only which words count; try "
            "early stopping, or keeping the weights of the best validation accuracy.",
            ja="過学習の様子です。学習に使えるレビューは 1,600 件だけなので、学習精度は 95 % "
            "以上（この設定では 99 %）まで上がる一方、検証精度は 65 % から 85 % の間（この"
            "設定では 74 %）にとどまり、検証損失は後半のエポックで上がります。どの単語が"
            "効くかだけでなくレビューそのものを覚えてしまうためです。早期終了や、検証精度が"
            "最もよい重みを残す設定を試しましょう。",
        ),
        expect=(
            _least("train_accuracy", 0.95),
            _least("val_accuracy", 0.65),
            _most("val_accuracy", 0.85),
        ),
    ),
    # ---- data augmentation (issue 13 item 7): the same net and settings, without and with it
    "digits_few": Lesson(
        dataset="digits",
        config=DIGITS_FEW_CONFIG,
        note=SampleNote(
            en="Trained on a fifth of the 8×8 digits (about 360 images; the other 1,440 "
            "validate), the digits CNN learns its training images by heart: training accuracy "
            "reaches at least 99 % (100 % here) while validation accuracy stays near 95 %, a "
            "gap of about 4 points (3 to 6 over five seeds). Train digits_few_augmented, the "
            "same network and settings with augmentation layers in front, and compare the gaps.",
            ja="8×8 の数字の 5 分の 1（約 360 枚。残りの約 1,440 枚で検証）だけで学習すると、"
            "この CNN は学習画像を丸暗記します。学習精度は 99 % 以上（この設定では 100 %）に"
            "なる一方、検証精度は 95 % 前後にとどまり、差は約 4 ポイント（5 つのシードで 3〜6）"
            "です。同じネットワークと設定の前にデータ拡張レイヤーを置いた "
            "digits_few_augmented を学習して、差を比べましょう。",
        ),
        expect=(_least("train_accuracy", 0.99),),
    ),
    "digits_few_augmented": Lesson(
        dataset="digits",
        config=DIGITS_FEW_CONFIG,
        note=SampleNote(
            en="digits_few with ImageAugmentation (zoom 0.9 to 1.1) and RandomShift (one "
            "pixel) after the Input: every epoch sees each training digit slightly changed, so "
            "the net cannot learn them by heart. Training accuracy stays at most 98 % (94 % "
            "here) and validation accuracy is at least 87 % (95 % here): the gap shrinks from "
            "about 4 points to about 0 (-4 to +4 over five seeds). Training accuracy is "
            "measured on the changed images; validation sees the digits as they are, since "
            "the layers do nothing in evaluation. After 30 epochs this net is still learning: "
            "its validation accuracy is about 2 points below digits_few's on average. Select "
            "the ImageAugmentation node and press Preview to see what it trains on.",
            ja="digits_few の入力の後に ImageAugmentation（0.9〜1.1 倍の拡大縮小）と "
            "RandomShift（1 画素の移動）を置いたものです。毎エポック、学習用の数字が少しずつ"
            "変わるので丸暗記できません。学習精度は 98 % 以下（この設定では 94 %）、検証精度は "
            "87 % 以上（この設定では 95 %）で、差は約 4 ポイントから約 0（5 つのシードで "
            "-4〜+4）に縮まります。学習精度は変えた画像で測り、検証は数字をそのまま使います"
            "（評価ではこれらのレイヤーは何もしません）。30 エポックではまだ学習の途中で、"
            "検証精度は平均で digits_few より約 2 ポイント低くなります。ImageAugmentation "
            "ノードを選んでプレビューを押し、何を学習しているか見てみましょう。",
        ),
        expect=(_most("train_accuracy", 0.98), _least("val_accuracy", 0.87)),
    ),
    # Transfer learning: start from the weights that ship in `netcanvas/pretrained/`.
    "mnist_finetune": Lesson(
        dataset="mnist5k_5to9",
        config={
            "epochs": 5,
            "batch_size": 10,
            "lr": 0.01,
            "validation_split": 0.98,
            "init_from": "pretrained:mnist_0to4",
            "freeze": ["conv1", "conv2"],
        },
        note=SampleNote(
            en="Fine-tuning with 50 examples: the validation split of 98 % leaves 10 training "
            "images per digit. conv1 and conv2 start from weights pretrained on the digits 0 to 4 "
            "(pretrained:mnist_0to4) and stay frozen; only fc1 and the new head fc2 learn the "
            "digits 5 to 9. Before training the new head guesses (7 % here); after it, "
            "validation accuracy reaches at least 78 % (86 % here). From scratch, with the same "
            'settings and nothing frozen, it reaches only 64 %: choose "Random (from scratch)" '
            'under "Start from weights of" and compare.',
            ja="50 枚でのファインチューニングです。検証データの割合 98 % で、学習に使うのは"
            "数字ごとに 10 枚だけです。conv1 と conv2 は 0〜4 の数字で学習済みの重み"
            "（pretrained:mnist_0to4）から始めて固定し、fc1 と新しい出力層 fc2 だけが 5〜9 の"
            "数字を学びます。学習前の新しい出力層は当てずっぽうですが（この設定では 7 %）、"
            "学習後の検証精度は 78 % 以上（この設定では 86 %）になります。同じ設定でゼロから"
            "（固定なし）学習すると 64 % にとどまります。「重みの初期値」で「ランダム（最初から）」"
            "を選んで比べましょう。",
        ),
        expect=(_least("val_accuracy", 0.78),),
    ),
    "digits_adapt": Lesson(
        dataset="digits_inverted",
        config={
            "epochs": 15,
            "batch_size": 16,
            "lr": 0.005,
            "validation_split": 0.8,
            "init_from": "pretrained:digits_clean",
        },
        note=SampleNote(
            en="Domain adaptation: the Digits CNN starts from weights pretrained on light digits "
            "on a dark ground (pretrained:digits_clean, 94 % on clean digits it never saw) and "
            "meets other digits, dark on light. Before training it scores at most 20 % "
            "validation accuracy (7 % here), worse than guessing; the job page shows it beside "
            "the result. Training on 160 inverted digits adapts it to at least 80 % (87 % here); "
            "from scratch the same 15 epochs reach 85 %; the start shows early: after 3 epochs "
            "46 % against 35 % from scratch.",
            ja="ドメイン適応です。Digits CNN は暗い背景に明るい数字で学習済みの重み"
            "（pretrained:digits_clean、見ていない通常の数字で 94 %）から始まり、明暗が反転した"
            "別の数字に出会います。学習前の検証精度は 20 % 以下（この設定では 7 %）で、"
            "当てずっぽうより悪く、ジョブのページで学習後の結果と並べて表示されます。反転した"
            "数字 160 枚で学習すると 80 % 以上（この設定では 87 %）に適応します。ゼロからの同じ"
            "15 エポックでも 85 % になりますが、初期値の効果は序盤に表れ、3 エポック後では 46 %"
            "（ゼロからは 35 %）です。",
        ),
        expect=(_most("start_val_accuracy", 0.2), _least("val_accuracy", 0.8)),
    ),
    # anomaly detection (issue 13 item 6)
    "anomaly_autoencoder": Lesson(
        dataset="sine_anomaly",
        config={"epochs": 5, "batch_size": 32, "lr": 0.003},
        note=SampleNote(
            en="The autoencoder learns from normal windows only, so it rebuilds a sine wave "
            "well and a fault (a spike, a level shift, a burst of noise, a frozen signal) "
            "badly. Under the evaluation, the reconstruction errors of the anomalies lie "
            "mostly to the right of the normal ones: the ROC curve's area (AUC) is at least "
            "0.97 (0.99 here). At the default threshold, the 99th percentile of the normal "
            "errors, about 80 % of the anomalies are caught; move the threshold and watch "
            "precision trade against recall.",
            ja="オートエンコーダは正常な窓だけから学ぶので、正弦波はうまく再構成できても、"
            "異常（スパイク、レベルシフト、ノイズの急増、信号の固着）はうまく再構成できません。"
            "評価の下で、異常の再構成誤差は正常な窓の誤差よりほとんどが右側にあり、ROC 曲線の"
            "面積（AUC）は 0.97 以上（この設定では 0.99）になります。既定のしきい値（正常な"
            "誤差の 99 パーセンタイル）では異常の約 80 % を検出します。しきい値を動かして、"
            "適合率と再現率が入れ替わる様子を見ましょう。",
        ),
        expect=(_least("val_auc", 0.97),),
    ),
    "lstm_temperature": Lesson(
        dataset="seattle_temperature",
        config={"epochs": 20, "batch_size": 64, "lr": 0.03},
        note=SampleNote(
            en="The lecture's forecast, on Seattle's daily mean temperature (NOAA, "
            "2012-2015): a year of days in, the next day out, trained on the days up to "
            "2014 and tested on every day of 2015, in time order. The LSTM reads the year "
            "as 73 steps of five days (the Reshape), almost three times faster on a CPU than "
            "day by day. The job page plots the forecast against the truth over 2015. Mean "
            "absolute error at most 1.8 °C (1.53-1.56 °C here over five seeds), maximum "
            "error 7.1-7.8 °C; the lecture's, on Tokyo's temperatures, is 1.9 °C and 7.3 °C. "
            "Saying that tomorrow will be like today scores 1.54 °C and 7.8 °C: a day ahead, "
            "yesterday's temperature is most of what there is to know.",
            ja="講義の予測を、シアトルの日平均気温（NOAA、2012〜2015 年）で行います。1 年分の"
            "日々を入力に翌日を出力し、2014 年までの日で学習して、2015 年の毎日で時間順に"
            "テストします。LSTM は 1 年を 5 日ずつ 73 ステップとして読み（Reshape）、1 日ずつ"
            "読むより CPU で 3 倍近く速く学習します。ジョブのページに 2015 年の予測と実測のグラフが"
            "出ます。平均絶対誤差は 1.8 °C 以下（この設定では 5 つのシードで 1.53〜1.56 °C）、"
            "最大誤差は 7.1〜7.8 °C です。講義（東京の気温）では 1.9 °C と 7.3 °C でした。"
            "「明日は今日と同じ」と予測すると 1.54 °C と 7.8 °C です。1 日先なら、前日の気温"
            "がわかることのほとんどです。",
        ),
        expect=(_most("val_mae", 1.8),),
    ),
    # Issue 13 item 2: a sample for each topic of the course (activations, losses,
    # convolution and pooling, overfitting). Each pair or group trains alike, so that
    # the one change is the lesson.
    "activation_sigmoid": Lesson(
        dataset="spiral",
        config=DEEP_CONFIG,
        note=SampleNote(
            en="Eight Sigmoid layers in a row: the gradient shrinks at every layer on its "
            "way back, so the first layers hardly learn and the loss stays near 1.1, that of "
            "guessing one of three arms. Training accuracy stays at most 65 % (34 %-54 % "
            "here). Train 'Activations: deep MLP with ReLU' with the same settings and "
            "compare the loss curves. The job page's 'Weights and gradients' shows it per "
            "layer: after an epoch fc1's gradient norm is about 5e-8 of the output layer's.",
            ja="シグモイドの層を 8 つ重ねると、勾配は逆向きに流れるたびに層ごとに小さくなり、"
            "最初のほうの層はほとんど学習しません。損失は 3 本の腕から当てずっぽうに選ぶ場合の"
            " 1.1 付近にとどまり、学習精度は最大 65 %（この設定では 34 %〜54 %）です。"
            "同じ設定で「Activations: deep MLP with ReLU」を学習して損失の曲線を比べましょう。"
            "ジョブのページの「重みと勾配」で層ごとに見えます。1 エポック後、fc1 の勾配の"
            "ノルムは出力層の約 5e-8 倍です。",
        ),
        expect=(_most("train_accuracy", 0.65),),
    ),
    "activation_relu": Lesson(
        dataset="spiral",
        config=DEEP_CONFIG,
        note=SampleNote(
            en="The same eight layers with ReLU: its gradient is 1 wherever a unit is "
            "active, so it reaches the first layers undiminished and the loss falls within "
            "a few epochs. Training accuracy reaches at least 90 % (95 %-100 % here), where "
            "the Sigmoid network stays near chance. In 'Weights and gradients' on the job "
            "page, fc1's gradient norm is a quarter to a third of the output layer's.",
            ja="同じ 8 層を ReLU にすると、ユニットが働いているところでは勾配が 1 なので、"
            "小さくならずに最初の層まで届き、損失は数エポックで下がります。学習精度は 90 % "
            "以上（この設定では 95 %〜100 %）になり、シグモイドのネットワークが偶然と変わらない"
            "のと対照的です。ジョブのページの「重みと勾配」では、fc1 の勾配のノルムは"
            "出力層の 4 分の 1 から 3 分の 1 ほどです。",
        ),
        expect=(_least("train_accuracy", 0.9),),
    ),
    "loss_squared_error": Lesson(
        dataset="digits",
        config=LOSS_CONFIG,
        note=SampleNote(
            en="Squared error between the softmax probabilities and the one-hot label: "
            "when the network is confidently wrong, the softmax is flat there and passes "
            "almost no gradient back. With plain SGD it learns very slowly: validation "
            "accuracy stays at most 40 % (19 %-27 % here) after 10 epochs. Compare with "
            "'Loss: cross-entropy'. (With Adam, which rescales small gradients, both reach "
            "about 95 %.)",
            ja="ソフトマックスの確率と one-hot のラベルの二乗誤差です。自信をもって間違えて"
            "いるところではソフトマックスが平らで、勾配がほとんど戻りません。素の SGD では"
            "学習がとても遅く、10 エポック後の検証精度は最大 40 %（この設定では 19 %〜27 %）"
            "です。「Loss: cross-entropy」と比べましょう（小さな勾配を拡大する Adam では、"
            "どちらも約 95 % になります）。",
        ),
        expect=(_most("val_accuracy", 0.4),),
    ),
    "loss_cross_entropy": Lesson(
        dataset="digits",
        config=LOSS_CONFIG,
        note=SampleNote(
            en="Cross-entropy on the same network and settings: its gradient is the "
            "probability minus the one-hot label, large exactly when the network is wrong, "
            "so plain SGD learns fast. Validation accuracy reaches at least 88 % (92 %-97 % "
            "here) in 10 epochs, where squared error stays below half of that.",
            ja="同じネットワークと設定で交差エントロピーを使います。勾配は「確率 − one-hot "
            "ラベル」で、間違えているときにこそ大きいので、素の SGD でも速く学習します。"
            "10 エポックで検証精度は 88 % 以上（この設定では 92 %〜97 %）になり、二乗誤差は"
            "その半分にも届きません。",
        ),
        expect=(_least("val_accuracy", 0.88),),
    ),
    "pool_max": Lesson(
        dataset="digits",
        config=CONV_CONFIG,
        note=SampleNote(
            en="Padding 1 keeps the 3×3 convolution's output at 8×8 (shape 8×8×8 on the "
            "node); 2×2 max pooling keeps the largest of each four values, giving 8×4×4 with "
            "no parameters. 1,386 parameters in all, and validation accuracy reaches at "
            "least 90 % (98 % here). Compare with 'Pooling: average', 'Pooling: sum', "
            "'Convolution: no padding' and 'Convolution: stride 2'.",
            ja="パディング 1 で 3×3 畳み込みの出力は 8×8 のまま（ノードの形は 8×8×8）です。"
            "2×2 の最大プーリングは 4 つの値のうち最大のものを残し、パラメータなしで 8×4×4 "
            "にします。パラメータは全部で 1,386 個、検証精度は 90 % 以上（この設定では "
            "98 %）になります。「Pooling: average」「Pooling: sum」「Convolution: no padding」"
            "「Convolution: stride 2」と比べましょう。",
        ),
        expect=(_least("val_accuracy", 0.9),),
    ),
    "pool_average": Lesson(
        dataset="digits",
        config=CONV_CONFIG,
        note=SampleNote(
            en="Average pooling takes the mean of each 2×2 window instead of its largest "
            "value: the same shapes (8×4×4) and the same 1,386 parameters as max pooling, "
            "and validation accuracy reaches at least 90 % (97 %-98 % here), a little below "
            "max pooling with most seeds, since a stroke seen in one pixel of four is "
            "averaged away. Compare with 'Pooling: sum'.",
            ja="平均プーリングは 2×2 の窓の最大値の代わりに平均をとります。形（8×4×4）も"
            "パラメータ数（1,386）も最大プーリングと同じで、検証精度は 90 % 以上（この設定"
            "では 97 %〜98 %）です。4 画素のうち 1 画素だけにある線が平均で薄まるため、"
            "多くのシードで最大プーリングより少し低くなります。「Pooling: sum」と比べましょう。",
        ),
        expect=(_least("val_accuracy", 0.9),),
    ),
    "pool_sum": Lesson(
        dataset="digits",
        config=CONV_CONFIG,
        note=SampleNote(
            en="Sum pooling adds the four values of each 2×2 window: average pooling times "
            "4, so the next layer simply learns weights a quarter as large. The same shapes "
            "(8×4×4) and the same 1,386 parameters; validation accuracy reaches at least "
            "90 % (97 %-99 % here).",
            ja="合計プーリングは 2×2 の窓の 4 つの値を足します。平均プーリングの 4 倍なので、"
            "次の層は 4 分の 1 の大きさの重みを学ぶだけです。形（8×4×4）もパラメータ数"
            "（1,386）も同じで、検証精度は 90 % 以上（この設定では 97 %〜99 %）になります。",
        ),
        expect=(_least("val_accuracy", 0.9),),
    ),
    "conv_no_padding": Lesson(
        dataset="digits",
        config=CONV_CONFIG,
        note=SampleNote(
            en="Without padding a 3×3 convolution only fits 6×6 times into an 8×8 image: "
            "the node shows 8×6×6, pooling gives 8×3×3, and the last layer has 730 "
            "parameters instead of 1,290 (826 in all). The border pixels count less, yet "
            "validation accuracy still reaches at least 90 % (96 %-98 % here). Compare the "
            "shapes with 'Pooling: max', which pads.",
            ja="パディングなしでは 3×3 の畳み込みは 8×8 の画像に 6×6 通りしか置けません。"
            "ノードの形は 8×6×6、プーリング後は 8×3×3 で、最後の層のパラメータは 1,290 では"
            "なく 730 個（全部で 826 個）です。端の画素の影響は小さくなりますが、検証精度は"
            "それでも 90 % 以上（この設定では 96 %〜98 %）になります。パディングのある"
            "「Pooling: max」と形を比べましょう。",
        ),
        expect=(_least("val_accuracy", 0.9),),
    ),
    "conv_stride": Lesson(
        dataset="digits",
        config=CONV_CONFIG,
        note=SampleNote(
            en="Stride 2 moves the 3×3 window two pixels at a time, so the convolution "
            "itself turns 8×8 into 4×4 and no pooling is needed: the same 8×4×4 and 1,386 "
            "parameters as 'Pooling: max', with a quarter of the convolution's "
            "multiply-adds (1,280 instead of 5,120). Validation accuracy reaches at least "
            "90 % (96 %-98 % here).",
            ja="ストライド 2 では 3×3 の窓を 2 画素ずつ動かすので、畳み込みだけで 8×8 が "
            "4×4 になり、プーリングは要りません。「Pooling: max」と同じ 8×4×4、1,386 個の"
            "パラメータで、畳み込みの積和演算は 4 分の 1（5,120 ではなく 1,280）です。検証"
            "精度は 90 % 以上（この設定では 96 %〜98 %）になります。",
        ),
        expect=(_least("val_accuracy", 0.9),),
    ),
    "overfit_mlp": Lesson(
        dataset="sentiment",
        config=OVERFIT_CONFIG,
        note=SampleNote(
            en="Built to overfit: the hidden layer's 82,176 weights read each of the 40 word "
            "positions on its own, and 1,600 reviews are easy to memorise that way. Training "
            "accuracy reaches at least 95 % (100 % here) while validation accuracy stays at "
            "most 70 % (54 %-59 % here), a gap of about 45 points. The training loss falls "
            "to 0 while the validation loss rises after the first epochs and ends at least "
            "1 (1.9-2.6 here). Train 'Overfitting: with weight decay' and compare the two "
            "loss curves.",
            ja="過学習するように作ったネットワークです。隠れ層の 82,176 個の重みが 40 個の"
            "単語の位置をそれぞれ別々に読むので、1,600 件のレビューは簡単に丸暗記できます。"
            "学習精度は 95 % 以上（この設定では 100 %）になる一方、検証精度は最大 70 %"
            "（この設定では 54 %〜59 %）にとどまり、約 45 ポイントの差が開きます。学習損失は "
            "0 まで下がりますが、検証損失は最初の数エポックの後に上がり、最後は 1 以上"
            "（この設定では 1.9〜2.6）になります。「Overfitting: with weight decay」を学習"
            "して 2 つの損失曲線を比べましょう。",
        ),
        expect=(
            _least("train_accuracy", 0.95),
            _most("val_accuracy", 0.7),
            _least("val_loss", 1),
        ),
    ),
    "overfit_weight_decay": Lesson(
        dataset="sentiment",
        config={**OVERFIT_CONFIG, "weight_decay": 0.003},
        note=SampleNote(
            en="The same network and settings, plus weight decay 0.003 (see the training "
            "settings): every step pulls the weights towards 0, so only weights that help "
            "many reviews stay large. Validation accuracy reaches at least 70 % (78 %-84 % "
            "here) and the validation loss ends at most 0.8 (0.4-0.6 here). Training "
            "accuracy still reaches 100 %, so the gap narrows from about 45 points to about "
            "20.",
            ja="同じネットワークと設定に、重み減衰 0.003 を加えました（学習設定を見て"
            "ください）。毎ステップ重みを 0 に引き寄せるので、多くのレビューに役立つ重みだけ"
            "が大きく残ります。検証精度は 70 % 以上（この設定では 78 %〜84 %）、検証損失は"
            "最後に 0.8 以下（この設定では 0.4〜0.6）になります。学習精度はそれでも 100 % "
            "になるので、差は約 45 ポイントから約 20 ポイントに縮まります。",
        ),
        expect=(_least("val_accuracy", 0.7), _most("val_loss", 0.8)),
    ),
    "overfit_dropout": Lesson(
        dataset="sentiment",
        config={"epochs": 6, "batch_size": 64, "lr": 0.01},  # the Text classifier's
        note=SampleNote(
            en="The Text classifier with dropout after the word embeddings, trained the "
            "same way: in each step half of the embedding's values are zeroed at random, so "
            "the network cannot lean on any single word of a review it has seen. Training "
            "accuracy stays at most 90 % (80 %-82 % here; it is measured with dropout on), "
            "validation accuracy reaches at least 65 % (73 %-77 % here) and the validation "
            "loss ends at most 0.75 (0.53-0.66 here). Without dropout: training 98 %-100 %, "
            "validation 66 %-77 %, validation loss 0.73-1.43. The gap between the two "
            "accuracies narrows from about 25 points to under 10.",
            ja="Text classifier の単語埋め込みの後にドロップアウトを入れ、同じ設定で学習"
            "します。各ステップで埋め込みの値の半分をランダムに 0 にするので、見たレビューの"
            "特定の単語に頼れません。学習精度は最大 90 %（この設定では 80 %〜82 %。"
            "ドロップアウトを有効にしたまま測ります）、検証精度は 65 % 以上（この設定では "
            "73 %〜77 %）、検証損失は最後に 0.75 以下（この設定では 0.53〜0.66）です。"
            "ドロップアウトなしでは学習 98 %〜100 %、検証 66 %〜77 %、検証損失 0.73〜1.43 "
            "でした。2 つの精度の差は約 25 ポイントから 10 ポイント未満に縮まります。",
        ),
        expect=(
            _most("train_accuracy", 0.9),
            _least("val_accuracy", 0.65),
            _most("val_loss", 0.75),
        ),
    ),
    "overfit_early_stopping": Lesson(
        dataset="digits",
        config={
            **DIGITS_FEW_CONFIG,
            "epochs": 60,
            "early_stopping": True,
            "patience": 3,
            "keep_best": "val_loss",
        },
        note=SampleNote(
            en="digits_few's network and data with early stopping: the run stops by itself "
            "once the validation loss has not improved for 3 epochs, and keeps the weights "
            "of its best epoch. Of the 60 epochs allowed it runs at most 40 (15-28 over six "
            "seeds, 22 here), and validation accuracy still reaches at least 90 % (92 %-96 % "
            "over six seeds; 40 epochs without early stopping: 95 %-97 %). Watch the "
            "validation loss curve flatten where it stops: the epochs after that would only "
            "learn the training images by heart.",
            ja="digits_few と同じネットワークとデータを、早期終了ありで学習します。検証損失が "
            "3 エポック改善しなければ学習は自動で止まり、最もよかったエポックの重みを残します。"
            "最大 60 エポックのうち 40 エポック以下で止まり（6 つのシードで 15〜28、この設定では "
            "22）、検証精度はそれでも 90 % 以上になります（6 つのシードで 92 %〜96 %。早期終了"
            "なしで 40 エポック学習すると 95 %〜97 %）。止まるところで検証損失の曲線が平らに"
            "なるのを見ましょう。その先のエポックは学習画像を丸暗記するだけです。",
        ),
        expect=(_most("epochs_run", 40), _least("val_accuracy", 0.9)),
    ),
    # several heads (issue 15): one trunk, two losses trained on their weighted sum
    "digits_multitask": Lesson(
        dataset="digits_parity",
        config={"epochs": 15, "batch_size": 32, "lr": 0.002},
        note=SampleNote(
            en="One convolutional trunk feeds two heads: digit names the digit (its loss "
            "compares with target y) and parity says even or odd (target y2, weight 0.5). "
            "The network trains on the weighted sum of both losses, so the trunk learns "
            "features that serve both. Validation accuracy reaches at least 95 % for the "
            "digit and 90 % for the parity. The results show one report per head: pick "
            "the head to see its confusion matrix.",
            ja="1 本の畳み込みの幹から 2 つのヘッドが出ています。digit は数字を当て（損失は"
            "教師 y と比べます）、parity は偶数か奇数かを当てます（教師 y2、重み 0.5）。"
            "ネットワークは 2 つの損失の重み付き和で学習するので、幹は両方に役立つ特徴を"
            "学びます。検証精度は数字で 95 % 以上、偶奇で 90 % 以上になります。結果には"
            "ヘッドごとのレポートがあります。ヘッドを選んで混同行列を見てみましょう。",
        ),
        expect=(_least("val_accuracy", 0.95), _least("val_accuracy/parity_loss", 0.9)),
    ),
    # ---- units (issue 15): a named sub-network used as one node
    "vgg_units": Lesson(
        dataset="digits",
        config={"epochs": 3, "batch_size": 32, "lr": 0.005},
        note=SampleNote(
            en="One unit, conv_block (a 3×3 convolution, batch normalisation and ReLU), is "
            "defined once and used twice, each use repeated twice with its own weights: 16 "
            "channels, then 32. Open the unit to see its nodes; change it once and both "
            "stages change. It reaches at least 95 % validation accuracy (97 % here) in 3 "
            "epochs.",
            ja="ユニット conv_block（3×3 畳み込み、バッチ正規化、ReLU）を一度だけ定義して 2 回"
            "使い、それぞれ別の重みで 2 回繰り返します（16 チャネル、次に 32 チャネル）。"
            "ユニットを開くと中のノードが見え、一か所直せば両方の段が変わります。3 エポックで"
            "検証精度は 95 % 以上（この設定では 97 %）になります。",
        ),
        expect=(_least("val_accuracy", 0.95),),
    ),
    "resnet_units": Lesson(
        dataset="digits",
        config={"epochs": 3, "batch_size": 32, "lr": 0.005},
        note=SampleNote(
            en="res_block holds a skip connection: its Add sums the block's input with the "
            "output of two convolutions, so each copy only learns a correction. The Unit "
            "node repeats it twice with separate weights. It reaches at least 95 % "
            "validation accuracy (98 % here) in 3 epochs.",
            ja="res_block はスキップ接続を持つユニットです。Add がブロックの入力と 2 つの畳み込み"
            "の出力を足すので、各コピーは補正だけを学べば済みます。Unit ノードはこれを別々の"
            "重みで 2 回繰り返します。3 エポックで検証精度は 95 % 以上（この設定では 98 %）に"
            "なります。",
        ),
        expect=(_least("val_accuracy", 0.95),),
    ),
    # ---- generative networks (issue 15 section 3): the VAE
    "vae_digits": Lesson(
        dataset="digits",
        config={"epochs": 20, "batch_size": 32, "lr": 0.003},
        note=SampleNote(
            en="A variational autoencoder: the encoder gives each digit a mean mu and a "
            "log-variance logvar in a 2-D latent space, z draws a code from them, and the "
            "decoder rebuilds the image. Two losses train it together: the reconstruction "
            "(binary cross-entropy with the input) and the KL divergence that keeps the codes "
            "near N(0, 1) (weight 0.01). The reconstruction loss falls from about 0.5 to at "
            "most 0.37 (0.355 here). Watch the generated samples (decoded from N(0, 1) noise) "
            "turn into digits, and the latent map: similar digits gather in one region.",
            ja="変分自己符号化器（VAE）です。エンコーダーは各数字に 2 次元の潜在空間での平均 "
            "mu と対数分散 logvar を与え、z がそこからコードを引き、デコーダーが画像を"
            "作り直します。2 つの損失で一緒に学習します。再構成（入力との二値交差エントロピー）"
            "と、コードを N(0, 1) の近くに保つ KL ダイバージェンス（重み 0.01）です。再構成"
            "損失は約 0.5 から 0.37 以下（この設定では 0.355）まで下がります。N(0, 1) の"
            "ノイズから生成したサンプルが数字になっていく様子と、似た数字が 1 つの領域に"
            "集まる潜在空間マップを見てみましょう。",
        ),
        expect=(_most("val_loss/reconstruction", 0.37),),
    ),
    # several networks trained together (issue 15): a GAN, two phases per step
    "dcgan_digits": Lesson(
        dataset="digits",
        config={"epochs": 30, "batch_size": 32, "keep_best": "last"},
        note=SampleNote(
            en="Two networks play a game. The generator G turns 16 random numbers into an "
            "8×8 digit; the discriminator D (one set of parameters, shared_as D, used on real "
            "digits and on generated ones) says real or fake. Each step runs two phases: D "
            "learns to answer ones for real and zeros for fakes (Unlink keeps this phase out "
            "of G), then G learns to make D answer ones. Watch the per-phase curves: D is "
            "sure at first, then G catches up and D's accuracy falls towards 50 %, ending a "
            "little above it, at least 52 % (53 to 58 % over seeds 0 to 3, 53 % with the default "
            "seed) while "
            "the total training loss settles near "
            "3 × ln 2 ≈ 2.08, at most 2.3: neither side wins. The generated samples turn "
            "from noise into digit shapes.",
            ja="2 つのネットワークがゲームをします。生成器 G は 16 個の乱数から 8×8 の数字を"
            "作り、識別器 D（shared_as D で 1 組のパラメータを本物にも生成画像にも使います）は"
            "本物か偽物かを答えます。各ステップは 2 つのフェーズです。まず D が本物に 1、偽物に "
            "0 と答えるように学習し（Unlink がこのフェーズを G に届かせません）、次に G が D に "
            "1 と答えさせるように学習します。フェーズごとの曲線を見ましょう。最初は D が自信を"
            "持って見分けますが、G が追いつくと D の精度は 50 % に近づき、最後は 50 % を少し"
            "上回り、52 % 以上になります（シード 0〜3 で 53〜58 %、既定のシードでは 53 %）。"
            "学習損失の合計は "
            "3 × ln 2 ≈ 2.08 の近く、2.3 以下に"
            "落ち着きます。どちらも勝たない状態です。生成サンプルはノイズから数字の形に"
            "なっていきます。",
        ),
        expect=(_most("train_loss", 2.3), _least("train_accuracy/phase:discriminator", 0.52)),
    ),
    # several inputs (issue 15 section 2): two images in, one answer out
    "digits_siamese": Lesson(
        dataset="digits_pairs",
        config={"epochs": 10, "batch_size": 32, "lr": 0.005},
        note=SampleNote(
            en="Two Inputs: x reads the dataset's x and x2 its x2, two 8×8 digits. The "
            "unit embed turns each into a code of 32 numbers; both uses share one set of "
            "weights (shared_as E), so the two images are measured with the same ruler (a "
            "siamese network). The codes, side by side with their product, feed a small "
            "classifier: do both images show the same digit? Half of the pairs do, so "
            "guessing scores 50 %; validation accuracy reaches at least 70 % (77 %-85 % over "
            "three seeds here) in 10 epochs.",
            ja="Input が 2 つあります。x はデータセットの x を、x2 は x2 を読みます（8×8 の"
            "数字 2 枚）。ユニット embed がそれぞれを 32 個の数のコードに変えます。2 つの使用は"
            "1 組の重みを共有する（shared_as E）ので、2 枚の画像を同じものさしで測ります"
            "（シャムネットワーク）。2 つのコードとその積を並べて小さな分類器に入れ、2 枚が同じ"
            "数字かどうかを答えます。ペアの半分が同じ数字なので当て推量は 50 % です。10 エポック"
            "で検証精度は 70 % 以上（この設定の 3 つのシードで 77 %〜85 %）になります。",
        ),
        expect=(_least("val_accuracy", 0.7),),
    ),
    # precision and recall: a rare positive class, and the decision threshold that trades them
    "imbalanced_mlp": Lesson(
        dataset="imbalanced",
        config={"epochs": 20, "batch_size": 32, "lr": 0.01},
        note=SampleNote(
            en="Only 8 % of the points are positive (class 1), so always answering 0 already "
            "scores 92 % accuracy. This MLP reaches at least 90 % validation accuracy (93 %-96 % "
            "over seeds 0 to 2), which says little. Under the confusion matrix, move the "
            "decision threshold: at 0.5 (the network's own answer) it finds 58 %-88 % of the "
            "positives (recall; the job's summary reports it for class 1, at least 50 %) and "
            "66 %-70 % of its alarms are right (precision). Raise the "
            "threshold to 0.9 and recall collapses to 0 %-35 % while accuracy stays at "
            "89 %-96 %; lower it to 0.2 and recall rises to 67 %-100 % while precision falls to "
            "about 50 %. Best F1 picks the threshold that balances the two.",
            ja="陽性（クラス 1）は点の 8 % だけなので、常に 0 と答えても精度は 92 % になります。"
            "この MLP の検証精度は 90 % 以上（シード 0〜2 で 93 %〜96 %）ですが、それだけでは"
            "ほとんど何もわかりません。混同行列の下にある判定のしきい値を動かしてみましょう。"
            "0.5（ネットワーク自身の答え）では陽性の 58 %〜88 % を見つけ（再現率。ジョブの要約には"
            "クラス 1 の再現率が出て、50 % 以上）、陽性と"
            "判定したうちの 66 %〜70 % が正解です（適合率）。しきい値を 0.9 に上げると再現率は "
            "0 %〜35 % まで落ちますが、精度は 89 %〜96 % のままです。0.2 に下げると再現率は "
            "67 %〜100 % に上がり、適合率は約 50 % に下がります。「F1が最大」は 2 つの"
            "釣り合うしきい値を選びます。",
        ),
        expect=(_least("val_accuracy", 0.9), _least("val_recall", 0.5)),
    ),
    # the classic perceptron: a step function and the perceptron learning rule
    "perceptron_step": Lesson(
        dataset="linear",
        config={"epochs": 10, "batch_size": 32, "optimizer": "sgd", "lr": 0.1},
        note=SampleNote(
            en="Each output is a weighted sum through a step: 1 above zero, else 0, for "
            "'is it this class?'. The step has no slope, so it trains with a straight-through "
            "gradient (as if it were not there): squared error against the 0/1 targets then "
            "moves the weights by the error times the input, the perceptron learning rule. "
            "On points one straight line separates, validation accuracy reaches at least 95 % "
            "(100 % here, seeds 0 to 2) and the training loss drops to 0: once every point is "
            "on its side, the error is 0 and the weights stop moving. On XOR, which no line "
            "separates, it never gets there.",
            ja="各出力は重み付き和をステップ関数に通したもので、「このクラスか」に"
            " 0 より大きければ 1、そうでなければ 0 で答えます。ステップ関数には傾きが"
            "ないので、ストレートスルー推定の勾配（ステップ関数がないものとした勾配）"
            "で学習します。すると 0/1 の教師データとの二乗誤差は、重みを「誤差 × 入力」"
            "だけ動かします。これがパーセプトロンの学習則です。1 本の直線で分けられる"
            "点では、検証精度は 95 % 以上（シード 0〜2 で 100 %）になり、学習損失は 0 "
            "まで下がります。すべての点が正しい側に来ると誤差が 0 になり、重みは動かなく"
            "なるからです。直線で分けられない XOR では、そこまで届きません。",
        ),
        expect=(_least("val_accuracy", 0.95),),
    ),
}
