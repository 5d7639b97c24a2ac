"""A run as a standalone training script: plain JAX + optax, the lesson's formulas, the run's data, seed and settings.

The script replays the lab's training exactly: the same numpy draws for data and weights, the same minibatch order
(the lab shuffles over a padded row count, models/training.py `init_state` and `_one_step`), the same loss. What can
differ is only float rounding between two compiled programs, which tests/server/test_export.py bounds.
"""

from __future__ import annotations

import inspect
import textwrap
from collections.abc import Callable
from dataclasses import dataclass

from models.cnn import ONE_STAGE_KERNEL_SCALE
from models.datasets2d import _GENERATORS, classes_of, dataset_seed
from models.digits import SUBSET_TRAIN_SIZE
from models.digits_lab import spec_for
from models.vocabulary import DATASET_BY_NAME
from server.export.texts import TEXTS
from server.labs import digits_setup
from server.schemas.config import RunConfig

FEATURE_CODE = {
    "x1": "x[:, 0]",
    "x2": "x[:, 1]",
    "x1^2": "x[:, 0] ** 2",
    "x2^2": "x[:, 1] ** 2",
    "x1*x2": "x[:, 0] * x[:, 1]",
    "sin_x1": "jnp.sin(x[:, 0])",
    "sin_x2": "jnp.sin(x[:, 1])",
}
ACTIVATION_CODE = {"relu": "jax.nn.relu", "tanh": "jnp.tanh", "sigmoid": "jax.nn.sigmoid", "linear": ""}
OPTIMIZER_CODE = {
    "sgd": "optax.sgd(LEARNING_RATE)",
    "momentum": "optax.sgd(LEARNING_RATE, momentum=0.9)",
    "adam": "optax.adam(LEARNING_RATE)",
}
PENALTY_CODE = {
    "l1": 'REGULARIZATION_RATE * sum(jnp.abs(layer["w"]).sum() for layer in params)',
    "l2": 'REGULARIZATION_RATE * 0.5 * sum((layer["w"] ** 2).sum() for layer in params)',
}


def wrap(text: str, prefix: str = "") -> str:
    """Wrapped to about 100 columns (Japanese characters are two columns wide)."""
    width = 56 if any("\u3000" <= char <= "\u9fff" or "\uff00" <= char <= "\uffef" for char in text) else 100
    return textwrap.fill(text, width, initial_indent=prefix, subsequent_indent=prefix, break_on_hyphens=False)


def comment(text: str, indent: str = "") -> str:
    return wrap(text, indent + "# ")


def _plane_data(config: RunConfig, t: dict) -> str:
    ds = config.dataset
    if ds.name == "custom":
        rows = [[float(a), float(b), int(c)] for a, b, c in ds.points]
        make = (
            f"rows = np.asarray({rows}, np.float64)\n"
            f"rows = rows[np.random.default_rng({ds.seed}).permutation(len(rows))]\n"
            "x, y = rows[:, :2].astype(np.float32), rows[:, 2].astype(np.int32)\n"
        )
    else:
        generator = _GENERATORS[ds.name]
        make = (
            inspect.getsource(generator)
            + f"\n\nrng = np.random.default_rng([{ds.seed}, {ds.n_points}, {dataset_seed(ds.name)}])"
            + "  # data seed, count, the dataset's own seed\n"
            + f"x, y = {generator.__name__}(rng, {ds.n_points}, {ds.noise!r}, "
            + f"{classes_of(ds.name, ds.classes)})\norder = rng.permutation({ds.n_points})\n"
            + "x, y = x[order].astype(np.float32), np.asarray(y)[order].astype(np.int32)\n"
        )
    columns = ", ".join(FEATURE_CODE[name] for name in config.model.features)
    return (
        f"{comment(t['data_plane'])}\n{make}"
        f"n_train = min(len(x), max(1, round(len(x) * {ds.train_fraction!r})))\n\n\n"
        f"def features(x):\n{comment(t['features'] + ' ' + ', '.join(config.model.features), '    ')}\n"
        f"    return jnp.stack([{columns}], axis=1).astype(jnp.float32)\n\n\n"
        "train_x, train_y = features(jnp.asarray(x[:n_train])), jnp.asarray(y[:n_train])\n"
        "test_x, test_y = features(jnp.asarray(x[n_train:])), jnp.asarray(y[n_train:])\n"
        "monitor_x, monitor_y = train_x, train_y\n"
    )


def _digits_data(config: RunConfig, t: dict) -> str:
    monitor = spec_for(digits_setup(config)).monitor_size
    return (
        f"{comment(t['data_digits'])}\n"
        'path = next((arg for arg in sys.argv[1:] if arg.endswith(".npz")), "mnist10k.npz")\n'
        "with np.load(path) as archive:\n"
        '    images, labels = archive["images"], archive["labels"]\n'
        "split = np.random.default_rng(0).permutation(len(labels))\n"
        f"train, test = split[:{SUBSET_TRAIN_SIZE}], split[{SUBSET_TRAIN_SIZE}:]\n"
        "pixels = images.reshape(len(images), -1).astype(np.float32) / np.float32(255.0)  # x_i in [0, 1]\n"
        "train_x, train_y = jnp.asarray(pixels[train]), jnp.asarray(labels[train].astype(np.int32))\n"
        "test_x, test_y = jnp.asarray(pixels[test]), jnp.asarray(labels[test].astype(np.int32))\n"
        "n_train = len(train)\n"
        f"{comment(t['monitor'])}\n"
        f"sample = np.random.default_rng(1234).choice(n_train, {monitor}, replace=False)\n"
        "monitor_x, monitor_y = train_x[sample], train_y[sample]\n"
    )


def _dense_model(config: RunConfig, t: dict) -> str:
    kind, act = config.model.kind, ACTIVATION_CODE[config.model.activation]
    if kind == "logistic":
        body = (
            "    # f(x) = w0 + w1·x1 + w2·x2 + …,  P(✕ | x) = σ(f) = 1 / (1 + e^(−f))\n"
            '    f = x @ params[0]["w"] + params[0]["b"]\n'
            "    return jnp.concatenate([jnp.zeros_like(f), f], axis=1)  # softmax([0, f]) = [1 − σ(f), σ(f)]\n"
        )
    elif kind == "softmax":
        body = (
            "    # f_k(x) = w_k0 + Σ_j w_kj·x_j,  P(y = k | x) = e^(f_k) / Σ_j e^(f_j)\n"
            '    return x @ params[0]["w"] + params[0]["b"]\n'
        )
    else:
        body = (
            "    h = x\n    for layer in params[:-1]:\n"
            f'        h = {act}(h @ layer["w"] + layer["b"])  # h = {config.model.activation}(W·h + b)\n'
            '    return h @ params[-1]["w"] + params[-1]["b"]  # f_k; softmax(f)_k = P(y = k | x)\n'
        )
    return f"def logits(params, x):\n{comment(t['model'], '    ')}\n{body}"


def _cnn_stages(config: RunConfig) -> tuple[int, ...]:
    """Filters per conv stage: conv2_filters 0 leaves one stage (models/cnn.py `stage_filters`)."""
    m = config.model
    return (m.conv1_filters, m.conv2_filters) if m.conv2_filters else (m.conv1_filters,)


def _cnn_model(config: RunConfig, t: dict) -> str:
    stages = len(_cnn_stages(config))
    dense = " → dense" if config.model.dense_units else ""
    return (
        "def conv(x, k):  # m[i,j] = Σ_u Σ_v x[i+u−p, j+v−p]·k[u,v]  ('SAME' cross-correlation)\n"
        '    return jax.lax.conv_general_dilated(x, k, (1, 1), "SAME", dimension_numbers=("NHWC", "HWIO", "NHWC"))\n'
        "\n\ndef pool(m):  # p[i,j] = max over the 2×2 window of m\n"
        "    n, h, w, c = m.shape\n    return m.reshape(n, h // 2, 2, w // 2, 2, c).max(axis=(2, 4))\n\n\n"
        f"def logits(params, x):\n{comment(t['model'], '    ')}\n"
        f"    # x → (conv → relu → pool)×{stages}{dense} → softmax\n"
        "    h = x.reshape(-1, 28, 28, 1)\n"
        f"    for layer in params[:{stages}]:\n"
        '        h = pool(jax.nn.relu(conv(h, layer["w"]) + layer["b"]))\n'
        "    h = h.reshape(len(h), -1)\n"
        f"    for layer in params[{stages}:-1]:\n"
        '        h = jax.nn.relu(h @ layer["w"] + layer["b"])\n'
        '    return h @ params[-1]["w"] + params[-1]["b"]\n'
    )


def _dense_init(config: RunConfig, n_inputs: int, classes: int) -> str:
    hidden = list(config.model.hidden) if config.model.kind == "mlp" else []
    sizes = (n_inputs, *hidden, 1 if config.model.kind == "logistic" else classes)
    return (
        f"SIZES = {sizes}\nparams = []\nfor i, (fan_in, fan_out) in enumerate(zip(SIZES[:-1], SIZES[1:])):\n"
        "    limit = np.sqrt(6.0 / (fan_in + fan_out))  # Glorot-uniform; hidden biases 0.1 (relu starts alive)\n"
        "    w = rng.uniform(-limit, limit, (fan_in, fan_out)).astype(np.float32)\n"
        "    b = np.full(fan_out, 0.1 if i < len(SIZES) - 2 else 0.0, np.float32)\n"
        '    params.append({"w": jnp.asarray(w), "b": jnp.asarray(b)})\n'
    )


def _cnn_init(config: RunConfig, n_inputs: int, classes: int) -> str:
    m, stages = config.model, _cnn_stages(config)
    channels = (1, *stages)
    shapes = [(m.kernel_size, m.kernel_size, c_in, c_out) for c_in, c_out in zip(channels, channels[1:], strict=False)]
    side = 28 >> len(stages)
    widths = (side * side * stages[-1], *((m.dense_units,) if m.dense_units else ()), classes)
    shapes += list(zip(widths, widths[1:], strict=False))
    scales = [ONE_STAGE_KERNEL_SCALE if i == 0 and len(stages) == 1 else 1.0 for i in range(len(shapes))]
    return (
        f"SHAPES, SCALES = {shapes}, {scales}  # one conv stage: its kernels start smaller, so filters visibly form\n"
        "params = []\nfor shape, scale in zip(SHAPES, SCALES):  # He-normal (relu everywhere) × scale, zero biases\n"
        "    w = rng.standard_normal(shape) * np.sqrt(2.0 / np.prod(shape[:-1])) * scale\n"
        '    params.append({"w": jnp.asarray(w.astype(np.float32)), "b": jnp.zeros(shape[-1], jnp.float32)})\n'
    )


def _summary(config: RunConfig) -> str:
    ds, m, opt = config.dataset, config.model, config.optimizer
    net = {"mlp": f"mlp {list(m.hidden)} {m.activation}", "cnn": f"cnn {'/'.join(map(str, _cnn_stages(config)))}"}
    return (
        f"{ds.name} · {net.get(m.kind, m.kind)} · {opt.name} lr {opt.learning_rate:g} · batch {opt.batch_size} · "
        f"{config.max_steps} steps · seed {config.seed}"
    )


def _plane_shape(config: RunConfig) -> tuple[int, int]:
    return len(config.model.features), classes_of(config.dataset.name, config.dataset.classes)


def _digits_shape(config: RunConfig) -> tuple[int, int]:
    spec = spec_for(digits_setup(config))
    return spec.layer_sizes[0], spec.classes


@dataclass(frozen=True)
class LabScript:
    """What differs between the two labs' scripts: how to run it, where the data comes from, the net's in and out."""

    how: str  # the TEXTS key of the "Run: …" line
    data: Callable[[RunConfig, dict], str]
    shape: Callable[[RunConfig], tuple[int, int]]  # (inputs, classes)


LAB_SCRIPTS = {  # by the dataset's lab (models/vocabulary.py `DatasetWord.lab`)
    "plane": LabScript("how", _plane_data, _plane_shape),
    "digits": LabScript("how_digits", _digits_data, _digits_shape),
}


def export_script(config: RunConfig, run_id: str, lang: str = "en", file_name: str = "train.py") -> str:
    t = TEXTS[lang]
    lab = LAB_SCRIPTS[DATASET_BY_NAME[config.dataset.name].lab]
    opt = config.optimizer
    how = t[lab.how].format(file=file_name)
    data = lab.data(config, t)
    n_inputs, classes = lab.shape(config)
    model = (_cnn_model if config.model.kind == "cnn" else _dense_model)(config, t)
    init = (_cnn_init if config.model.kind == "cnn" else _dense_init)(config, n_inputs, classes)
    penalty = PENALTY_CODE.get(opt.regularization)
    objective = (
        f"def loss(params, x, y):\n{comment(t['penalty'], '    ')}\n"
        f"    return cross_entropy(params, x, y) + {penalty}\n"
        if penalty
        else "loss = cross_entropy  # no weight penalty in this run\n"
    )
    return f'''"""{wrap(t["title"].format(run_id=run_id, summary=_summary(config)))}

{wrap(t["standalone"])}
{how}
"""

import sys

import jax
import jax.numpy as jnp
import numpy as np
import optax

SEED, STEPS, BATCH_SIZE, LEARNING_RATE = {config.seed}, {config.max_steps}, {opt.batch_size}, {opt.learning_rate!r}
REGULARIZATION_RATE = {opt.regularization_rate!r}  # {opt.regularization}

{data}

{model}

def cross_entropy(params, x, y):
{comment(t["loss"], "    ")}
    log_p = jax.nn.log_softmax(logits(params, x))
    return -jnp.take_along_axis(log_p, y[:, None], axis=1).mean()


{objective}

{comment(t["init"])}
rng = np.random.default_rng(SEED)
{init}optimizer = {OPTIMIZER_CODE[opt.name]}
opt_state = optimizer.init(params)


@jax.jit
def update(params, opt_state, xb, yb):
{comment(t["update"], "    ")}
    grads = jax.grad(loss)(params, xb, yb)
    updates, opt_state = optimizer.update(grads, opt_state, params)
    return optax.apply_updates(params, updates), opt_state


{comment(t["order"])}
ROWS = max(64, 1 << (n_train - 1).bit_length())
real = np.arange(ROWS) < n_train
order = jnp.asarray(np.argsort(np.where(real, rng.random(ROWS), 2.0), kind="stable"))
key = jax.random.PRNGKey(int(rng.integers(2**31)))
batches_per_epoch = max(n_train // BATCH_SIZE, 1)
for step in range(STEPS):
    i = step % batches_per_epoch
    if i == 0 and step > 0:
        key, sub = jax.random.split(key)
        order = jnp.argsort(jnp.where(real, jax.random.uniform(sub, (ROWS,)), 2.0))
    rows = order[i * BATCH_SIZE : (i + 1) * BATCH_SIZE]
    params, opt_state = update(params, opt_state, train_x[rows], train_y[rows])

train_loss = float(cross_entropy(params, monitor_x, monitor_y))
accuracy = float((logits(params, test_x).argmax(axis=1) == test_y).mean()) if len(test_y) else float("nan")
print(f"{t["result"]}: step {{STEPS}} train_loss {{train_loss:.8g}} test_accuracy {{accuracy:.4f}}")
'''
