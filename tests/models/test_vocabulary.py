"""The vocabulary's names are the ones the models implement, and each generated dataset has its own seed."""

from models.datasets2d import _GENERATORS
from models.features import FEATURES
from models.lessons import LESSONS
from models.nets import ACTIVATIONS
from models.vocabulary import (
    ACTIVATION_NAMES,
    BOUNDS,
    DATASET_BY_NAME,
    DATASETS,
    FEATURE_NAMES,
    GENERATED_DATASET_NAMES,
    LAB_NAMES,
    MODEL_KINDS,
    MODEL_KINDS_BY_LAB,
    MULTICLASS_DATASET_NAMES,
)


def test_names_match_what_the_models_implement():
    assert tuple(FEATURES) == FEATURE_NAMES
    assert tuple(ACTIVATIONS) == ACTIVATION_NAMES
    assert tuple(_GENERATORS) == GENERATED_DATASET_NAMES


def test_seeds_are_the_positions_the_names_had_and_never_repeat():
    seeds = [word.seed for word in DATASETS if word.seed is not None]
    assert seeds == list(range(len(seeds)))  # linear 0 … moons 6, as when derived from the list's order


def test_multiclass_sets_are_those_with_a_classes_knob():
    assert MULTICLASS_DATASET_NAMES == ("blobs3", "spiral", "custom")
    assert BOUNDS["classes"].high == max(max(word.classes) for word in DATASETS if word.lab == "plane")


def test_a_dataset_says_its_own_class_count():
    assert DATASET_BY_NAME["spiral"].class_count(4) == 4 and DATASET_BY_NAME["custom"].class_count(3) == 3
    assert DATASET_BY_NAME["xor"].class_count(4) == 2 and DATASET_BY_NAME["mnist"].class_count(2) == 10


def test_every_dataset_and_lesson_names_one_of_the_labs():
    assert {word.lab for word in DATASETS} == set(LAB_NAMES)
    assert {lesson.lab for lesson in LESSONS} <= set(LAB_NAMES)


def test_every_model_kind_belongs_to_a_lab_and_every_lab_has_kinds():
    assert tuple(MODEL_KINDS_BY_LAB) == LAB_NAMES
    assert {kind for kinds in MODEL_KINDS_BY_LAB.values() for kind in kinds} == set(MODEL_KINDS)


def test_a_page_floor_lies_inside_its_range():
    for name, bound in BOUNDS.items():
        if bound.page_low is not None:
            assert bound.low < bound.page_low <= bound.high, name
