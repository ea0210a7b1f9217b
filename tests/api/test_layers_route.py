"""GET /api/layers: the catalogue the palette and property forms are generated from."""

from __future__ import annotations

from fastapi.testclient import TestClient

from backend.app import create_app

DESIGN_LAYERS = [
    "Input",
    "Linear",
    "Conv1d",
    "Conv2d",
    "ConvTranspose2d",
    "Embedding",
    "MaxPool2d",
    "AvgPool2d",
    "SumPool2d",
    "GlobalAvgPool2d",
    "Upsample",
    "Identity",
    "ReLU",
    "LeakyReLU",
    "Sigmoid",
    "Tanh",
    "Softmax",
    "LogSoftmax",
    "ELU",
    "GELU",
    "SiLU",
    "BatchNorm1d",
    "BatchNorm2d",
    "LayerNorm",
    "Dropout",
    "RNN",
    "LSTM",
    "GRU",
    "Flatten",
    "Reshape",
    "Concat",
    "Add",
    "Multiply",
    "MSELoss",
    "L1Loss",
    "HuberLoss",
    "CrossEntropyLoss",
    "BCELoss",
    "BCEWithLogitsLoss",
]
# Added with the rank-generic convolution and pooling (issue 9), PyTorch's names.
MORE_LAYERS = [
    "PReLU",
    "SELU",
    "Softplus",
    "ReLU6",
    "Hardtanh",
    "Hardsigmoid",
    "Mish",
    "LogSigmoid",
    "Softsign",
    "InstanceNorm2d",
    "GroupNorm",
    "Conv3d",
    "MaxPool3d",
]
# Data augmentation, like NNC's (issue 13 item 7).
AUGMENTATION_LAYERS = ["ImageAugmentation", "RandomCrop", "RandomShift", "RandomErase"]
# Units (issue 15, docs/GRAPH_UNITS_AND_NETWORKS.md section 1).
UNIT_LAYERS = ["Unit", "UnitInput", "UnitOutput"]
# Generative networks (issue 15, docs/GRAPH_UNITS_AND_NETWORKS.md section 3): the VAE's.
GENERATIVE_LAYERS = ["GaussianSample", "KLDivergenceLoss"]
GAN_LAYERS = ["RandomNoise", "Unlink"]  # several networks trained together (issue 15)
# The course's gaps: the perceptron's step, pooling of sequences and volumes.
COURSE_LAYERS = ["Step", "MaxPool1d", "AvgPool1d", "SumPool1d", "AvgPool3d", "SumPool3d"]

client = TestClient(create_app())


def test_list_layers_has_every_design_layer_and_the_added_ones() -> None:
    response = client.get("/api/layers")
    assert response.status_code == 200
    types = [layer["type"] for layer in response.json()["layers"]]
    added = AUGMENTATION_LAYERS + UNIT_LAYERS + GENERATIVE_LAYERS + GAN_LAYERS + COURSE_LAYERS
    assert sorted(types) == sorted(DESIGN_LAYERS + MORE_LAYERS + added)


def test_list_layers_gives_category_ports_and_bilingual_text() -> None:
    body = client.get("/api/layers").json()
    categories = {c["id"] for c in body["categories"]}
    for layer in body["layers"]:
        assert layer["category"] in categories
        assert layer["title"]["en"] and layer["title"]["ja"]
        assert layer["help"]["en"] and layer["help"]["ja"]
        assert layer["inputs"]["min"] >= 0
    by_type = {layer["type"]: layer for layer in body["layers"]}
    assert by_type["Input"]["inputs"] == {"min": 0, "max": 0}
    assert by_type["Add"]["inputs"] == {"min": 2, "max": None}
    assert by_type["CrossEntropyLoss"]["outputs"] == 0


def test_list_layers_gives_parameter_schema_with_bounds_defaults_and_help() -> None:
    by_type = {layer["type"]: layer for layer in client.get("/api/layers").json()["layers"]}
    conv = by_type["Conv2d"]
    schema = conv["params_schema"]
    assert schema["additionalProperties"] is False
    out_channels = schema["properties"]["out_channels"]
    assert out_channels["type"] == "integer" and out_channels["minimum"] == 1
    assert out_channels["default"] == 16 == conv["defaults"]["out_channels"]
    assert out_channels["title"] and out_channels["title_ja"]
    assert out_channels["description"] and out_channels["description_ja"]
    padding_kinds = schema["properties"]["padding"]["anyOf"]
    assert {"enum": ["same", "valid"], "type": "string"} in padding_kinds
    for layer in by_type.values():
        for name, field in layer["params_schema"].get("properties", {}).items():
            assert field.get("title_ja") and field.get("description_ja"), (layer["type"], name)
            assert name in layer["defaults"], (layer["type"], name)


def test_openapi_document_describes_the_routes() -> None:
    document = client.get("/openapi.json").json()
    assert "/api/layers" in document["paths"]
    validate = document["paths"]["/api/graphs/validate"]["post"]
    assert validate["operationId"] == "validateGraph"
    assert "Graph" in document["components"]["schemas"]
    assert "ValidationResult" in document["components"]["schemas"]
