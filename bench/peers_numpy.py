"""The hand-written numpy reference: a dense softmax net with tanh hidden layers, forward and backward by hand.

Backpropagation for the mean cross-entropy of a batch of B rows:
    dz_out = (softmax(z_out) − onehot(y)) / B
    dW = aᵀ dz,  db = Σ_rows dz,  da_prev = dz Wᵀ,  dz_prev = da_prev ⊙ (1 − a_prev²)   (tanh' = 1 − tanh²)
then plain SGD: θ ← θ − lr·dθ. Everything stays float32, like the other contenders.
"""

from __future__ import annotations

import numpy as np

from bench.workloads import Problem, accuracy, cross_entropy


class DenseNumpy:
    def __init__(self, problem: Problem, learning_rate: float, name: str = "numpy"):
        self.name = name
        self.steps = 0  # updates actually taken (the race checks it)
        self.problem = problem
        self.lr = np.float32(learning_rate)
        self.weights = [layer["w"].astype(np.float32).copy() for layer in problem.init_params]
        self.biases = [layer["b"].astype(np.float32).copy() for layer in problem.init_params]
        self.x = problem.train_x.astype(np.float32)
        self.y = problem.train_y.astype(np.int64)
        self.eye = np.eye(problem.classes, dtype=np.float32)

    def _forward(self, x: np.ndarray) -> list[np.ndarray]:
        activations = [x]
        for i, (w, b) in enumerate(zip(self.weights, self.biases, strict=True)):
            z = activations[-1] @ w + b
            activations.append(z if i == len(self.weights) - 1 else np.tanh(z))
        return activations

    def train(self, n_steps: int) -> None:
        weights, biases, lr = self.weights, self.biases, self.lr
        plan = self.problem.batches
        for _ in range(n_steps):
            rows = plan[self.steps % len(plan)]
            self.steps += 1
            acts = self._forward(self.x[rows])
            logits = acts[-1]
            p = np.exp(logits - logits.max(axis=1, keepdims=True))
            p /= p.sum(axis=1, keepdims=True)
            dz = (p - self.eye[self.y[rows]]) / np.float32(len(rows))
            for i in range(len(weights) - 1, -1, -1):
                dw, db = acts[i].T @ dz, dz.sum(axis=0)
                if i:
                    dz = (dz @ weights[i].T) * (1 - acts[i] * acts[i])
                weights[i] -= lr * dw
                biases[i] -= lr * db

    def evaluate(self) -> dict[str, float]:
        train_logits = self._forward(self.problem.train_x.astype(np.float32))[-1]
        test_logits = self._forward(self.problem.test_x.astype(np.float32))[-1]
        return {
            "train_loss": cross_entropy(train_logits, self.problem.train_y),
            "test_loss": cross_entropy(test_logits, self.problem.test_y),
            "test_accuracy": accuracy(test_logits, self.problem.test_y),
        }
