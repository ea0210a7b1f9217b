"""Every TrainingConfig field has a title and help in English and Japanese for the launch form."""

from netcanvas.training_config import TrainingConfig


def test_every_training_config_field_has_title_title_ja_and_description_ja() -> None:
    properties = TrainingConfig.model_json_schema()["properties"]
    assert set(properties) == set(TrainingConfig.model_fields)
    for name, schema in properties.items():
        for key in ("title", "title_ja", "description_ja"):
            assert isinstance(schema.get(key), str) and schema[key].strip(), (name, key)


def test_titles_do_not_change_the_bounds_or_defaults() -> None:
    properties = TrainingConfig.model_json_schema()["properties"]
    assert properties["epochs"]["minimum"] == 1 and properties["epochs"]["default"] == 10
    assert properties["lr"]["exclusiveMinimum"] == 0
    assert properties["epochs"]["title_ja"] == "エポック数"
    assert TrainingConfig().freeze == []
