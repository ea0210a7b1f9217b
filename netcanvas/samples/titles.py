"""Each sample's title in Japanese, as a Japanese deep-learning course would name it.

The English title is the graph's own `name` (what a saved network is called), so only the
Japanese one is kept here; `title(name)` gives both, as a `SampleNote` like the lesson's note,
and `GET /api/samples` serves it beside the note. A sample of a course comparison (English
"Topic: what differs") keeps the topic in front, with the Japanese topic the editor's samples
menu shows for its group (`sampleTopics` in `frontend/src/i18n/ja.ts`).
`tests/test_sample_titles.py` checks that every sample has one. Torch-free.
"""

from __future__ import annotations

from .lessons import SampleNote

TITLES_JA: dict[str, str] = {
    "activation_relu": "活性化関数：ReLU を使った深い MLP",
    "activation_sigmoid": "活性化関数：シグモイドを使った深い MLP",
    "anomaly_autoencoder": "オートエンコーダによる異常検知",
    "bigru_classifier": "双方向 GRU による画像分類",
    "conv_autoencoder": "畳み込みオートエンコーダ",
    "conv_no_padding": "畳み込み：パディングなし",
    "conv_stride": "畳み込み：ストライド 2",
    "dcgan_digits": "DCGAN による手書き数字の生成",
    "digits_adapt": "ドメイン適応：白黒反転した数字",
    "digits_cnn": "手書き数字を認識する CNN",
    "digits_few": "少ない例から学ぶ手書き数字",
    "digits_few_augmented": "少ない例から学ぶ手書き数字（データ拡張あり）",
    "digits_multitask": "マルチタスク学習：数字と偶奇の 2 つのヘッド",
    "digits_siamese": "シャムネットワーク：同じ数字かを判定",
    "imbalanced_mlp": "不均衡なクラスの MLP（適合率と再現率）",
    "lenet": "LeNet による手書き数字認識",
    "logistic_regression": "ロジスティック回帰",
    "loss_cross_entropy": "損失関数：交差エントロピー",
    "loss_squared_error": "損失関数：one-hot ラベルとの二乗誤差",
    "lstm_sine": "LSTM による正弦波の予測",
    "lstm_temperature": "LSTM による気温の予測",
    "mnist_finetune": "ファインチューニング：MNIST の 5〜9",
    "overfit_dropout": "過学習：ドロップアウトを入れたテキスト分類",
    "overfit_early_stopping": "過学習：早期終了",
    "overfit_mlp": "過学習：少ないデータに大きな MLP",
    "overfit_weight_decay": "過学習：重み減衰あり",
    "perceptron": "パーセプトロン",
    "perceptron_step": "ステップ関数のパーセプトロン",
    "pool_average": "プーリング：平均値",
    "pool_max": "プーリング：最大値",
    "pool_sum": "プーリング：合計",
    "resnet_block": "ResNet の残差ブロック",
    "resnet_units": "ユニットで組む ResNet",
    "small_vgg": "小さな VGG",
    "text_classifier": "テキスト分類",
    "vae_digits": "VAE による手書き数字の生成",
    "vgg_units": "ユニットで組む小さな VGG",
    "xor_mlp": "XOR を解く多層パーセプトロン",
}


def title(name: str, english: str) -> SampleNote:
    """Sample `name`'s title in both languages; `english` is its graph's `name`.

    A sample without a Japanese title (a test refuses one) shows its English title in both.
    """
    return SampleNote(en=english, ja=TITLES_JA.get(name, english))
