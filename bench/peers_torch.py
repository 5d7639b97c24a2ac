"""PyTorch eager peers: the textbook loop (zero_grad, forward, cross_entropy, backward, step), one step per call.

Each trainer copies our initial weights (dense: our (in, out) matrices transposed into nn.Linear's (out, in);
CNN: HWIO kernels into OIHW, and the first dense layer's rows reordered from our NHWC flattening to torch's NCHW).
PyTorch's intra-op thread count is the peer's own choice: the bench races 1 and 2 threads and keeps the faster
(on this shared 2-core machine two threads collapse whenever another process is busy).
"""

from __future__ import annotations

import numpy as np

from bench.workloads import Problem

try:
    import torch
    from torch import nn
except ImportError:  # an optional extra: `pip install torch==2.13.0`
    torch = None


def available() -> bool:
    return torch is not None


def version() -> str | None:
    return torch.__version__ if torch is not None else None


class _TorchTrainer:
    name = "torch"

    def __init__(self, problem: Problem, model, optimizer, threads: int):
        self.problem, self.model, self.optimizer, self.threads = problem, model, optimizer, threads
        self.x = torch.from_numpy(np.ascontiguousarray(problem.train_x, np.float32))
        self.y = torch.from_numpy(problem.train_y.astype(np.int64))
        self.batches = torch.from_numpy(problem.batches.astype(np.int64))
        self.steps = 0  # updates actually taken (the race checks it)

    def _inputs(self, x):
        return x

    def train(self, n_steps: int) -> None:
        torch.set_num_threads(self.threads)
        model, opt, loss_fn = self.model, self.optimizer, nn.functional.cross_entropy
        plan = self.batches
        for _ in range(n_steps):
            rows = plan[self.steps % len(plan)]
            self.steps += 1
            opt.zero_grad()
            loss = loss_fn(model(self._inputs(self.x[rows])), self.y[rows])
            loss.backward()
            opt.step()

    def evaluate(self) -> dict[str, float]:
        torch.set_num_threads(self.threads)
        out = {}
        splits = (
            ("train", self.problem.train_x, self.problem.train_y),
            ("test", self.problem.test_x, self.problem.test_y),
        )
        with torch.no_grad():
            for split, x, y in splits:
                logits = self.model(self._inputs(torch.from_numpy(np.ascontiguousarray(x, np.float32))))
                labels = torch.from_numpy(y.astype(np.int64))
                out[f"{split}_loss"] = float(nn.functional.cross_entropy(logits, labels))
                if split == "test":
                    out["test_accuracy"] = float((logits.argmax(1) == labels).float().mean())
        return out


class DenseTorch(_TorchTrainer):
    """Linear layers with tanh between them (no hidden layer: softmax regression), SGD."""

    def __init__(self, problem: Problem, learning_rate: float, threads: int = 1):
        layers = []
        for i, p in enumerate(problem.init_params):
            linear = nn.Linear(*p["w"].shape)
            with torch.no_grad():
                linear.weight.copy_(torch.from_numpy(p["w"].T.copy()))
                linear.bias.copy_(torch.from_numpy(p["b"].copy()))
            layers += [linear] if i == len(problem.init_params) - 1 else [linear, nn.Tanh()]
        model = nn.Sequential(*layers)
        super().__init__(problem, model, torch.optim.SGD(model.parameters(), lr=learning_rate), threads)


class CnnTorch(_TorchTrainer):
    """conv k×k (F1) → ReLU → max-pool 2 → conv k×k (F2) → ReLU → max-pool 2 → dense (H) → ReLU → 10, Adam."""

    def __init__(self, problem: Problem, learning_rate: float, threads: int = 2):
        c1, c2, d1, d2 = problem.init_params
        k, f1, f2, hidden = c1["w"].shape[0], c1["w"].shape[3], c2["w"].shape[3], d1["w"].shape[1]
        model = nn.Sequential(
            nn.Conv2d(1, f1, k, padding="same"),
            nn.ReLU(),
            nn.MaxPool2d(2),
            nn.Conv2d(f1, f2, k, padding="same"),
            nn.ReLU(),
            nn.MaxPool2d(2),
            nn.Flatten(),
            nn.Linear(7 * 7 * f2, hidden),
            nn.ReLU(),
            nn.Linear(hidden, 10),
        )
        dense1 = d1["w"].reshape(7, 7, f2, hidden).transpose(2, 0, 1, 3).reshape(7 * 7 * f2, hidden)
        weights = [c1["w"].transpose(3, 2, 0, 1), c2["w"].transpose(3, 2, 0, 1), dense1.T, d2["w"].T]
        with torch.no_grad():
            for module, w, p in zip(
                (model[0], model[3], model[7], model[9]), weights, problem.init_params, strict=True
            ):
                module.weight.copy_(torch.from_numpy(np.ascontiguousarray(w)))
                module.bias.copy_(torch.from_numpy(p["b"].copy()))
        super().__init__(problem, model, torch.optim.Adam(model.parameters(), lr=learning_rate), threads)

    def _inputs(self, x):
        return x.reshape(-1, 1, 28, 28)
