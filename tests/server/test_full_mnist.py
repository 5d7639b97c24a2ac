"""Full MNIST from IDX files given on the command line reaches runs and samples (tiny stand-in files here)."""

import numpy as np
from fastapi.testclient import TestClient

from server.app import create_app
from server.settings import Settings
from tests.models.test_digits import tiny_mnist, write_idx


def test_mnist_dir_feeds_runs_and_samples(tmp_path):
    rng = np.random.default_rng(0)
    train_images, train_labels = tiny_mnist(rng, 300)
    test_images, test_labels = tiny_mnist(rng, 40)
    write_idx(tmp_path / "train-images-idx3-ubyte.gz", train_images)
    write_idx(tmp_path / "train-labels-idx1-ubyte.gz", train_labels)
    write_idx(tmp_path / "t10k-images-idx3-ubyte", test_images)
    write_idx(tmp_path / "t10k-labels-idx1-ubyte", test_labels)
    with TestClient(create_app(Settings(mnist_dir=str(tmp_path)))) as client:
        samples = client.get("/api/digits/samples", params={"limit": 3}).json()
        assert samples["total"] == 40 and samples["labels"] == test_labels[:3].tolist()
        assert "IDX" in samples["source"]
        np.testing.assert_allclose(np.array(samples["images"][0]), test_images[0].ravel() / 255, atol=6e-4)
        config = {"dataset": {"name": "mnist"}, "model": {"kind": "softmax"}, "optimizer": {"batch_size": 20}}
        run = client.post("/api/runs", json={**config, "max_steps": 30}).json()
        done = client.get(f"/api/runs/{run['id']}", params={"wait": "true"}).json()
        assert done["status"] == "done" and done["epoch"] == 30 * 20 / 300
        assert client.post("/api/convolve", json={"index": 39, "kernel": [[1]]}).json()["label"] == int(test_labels[39])
