"""The page's pure modules, imported in the browser and checked against the server's own rules."""

from __future__ import annotations

import pytest

from models.datasets2d import n_train_of

pytestmark = pytest.mark.browser


def test_hash_round_trips_every_setting(page):
    result = page.evaluate(
        """async () => {
            const { defaults, formatHash, parseHash, SETTINGS } = await import("/state.js");
            const state = {
                ...defaults(), dataset: "custom", classes: 4, noise: 0.45, nPoints: 1500, trainPercent: 35,
                dataSeed: 99,
                points: [[1.25, -2.5, 0], [-3.125, 4, 3]], model: "mlp", hidden: [3, 32, 1], activation: "relu",
                features: ["x2", "x1*x2", "sin_x1"], learningRate: 0.0003, optimizer: "momentum", batchSize: 7,
                regularization: "l1", regRate: 0.03, seed: 123456, maxSteps: 100000, speed: "10", showTest: true,
                discretize: true, logLoss: true, logSteps: false, smoothing: 0.9, addClass: 3,
            };
            const hash = formatHash(state);
            const same = ({ key }) => JSON.stringify(state[key]) === JSON.stringify(defaults()[key]);
            return { hash, back: parseHash("#" + hash), state, unchanged: SETTINGS.filter(same).map((s) => s.key) };
        }"""
    )
    assert result["unchanged"] == [], "the fixture must move every setting off its default"
    assert result["back"] == result["state"]
    assert "feat=x2,x1x2,sinx1" in result["hash"] and "pts=1.25,-2.5,0;-3.125,4,3" in result["hash"]


def test_malformed_hash_values_fall_back_to_defaults(page):
    result = page.evaluate(
        """async () => {
            const { defaults, parseHash } = await import("/state.js");
            return { parsed: parseHash("#data=nope&classes=9&noise=abc&hidden=0,4&feat=&lr=-1&test=yes&pts=1,2"),
                     defaults: defaults() };
        }"""
    )
    parsed, defaults = result["parsed"], result["defaults"]
    assert parsed["dataset"] == defaults["dataset"]
    assert parsed["classes"] == 5  # clamped into 2..5
    assert parsed["noise"] == defaults["noise"]
    assert parsed["hidden"] == defaults["hidden"]
    assert parsed["features"] == defaults["features"]
    assert parsed["learningRate"] == 1e-5  # clamped into the server's (0, 10]
    assert parsed["showTest"] == defaults["showTest"]
    assert parsed["points"] == []


def test_training_split_size_matches_the_server(page):
    cases = [(n, percent) for n in [*range(4, 41), 250, 333, 500, 999, 5000] for percent in range(1, 101, 3)]
    sizes = page.evaluate(
        """async (cases) => {
            const { trainSizeOf } = await import("/runconfig.js");
            const { defaults } = await import("/state.js");
            return cases.map(([n, percent]) => trainSizeOf({ ...defaults(), nPoints: n, trainPercent: percent }));
        }""",
        cases,
    )
    assert sizes == [n_train_of(n, percent / 100) for n, percent in cases]


def test_csv_parsing_reads_common_shapes_and_names_the_bad_line(page):
    result = page.evaluate(
        """async () => {
            const { useLanguage } = await import("/i18n.js");
            const { parseCsv, toCsv } = await import("/views/points.js");
            const attempt = (text) => { try { return parseCsv(text); } catch (error) { return error.message; } };
            await useLanguage("ja");
            const japanese = { badLabel: attempt("1,2,0\\n1,2,7\\n"), badRow: attempt("1,2,0\\n1,2\\n") };
            await useLanguage("en");
            return {
                japanese,
                header: attempt("x1,x2,label\\n1,2,0\\n3.14159,-4,1\\n"),
                semicolons: attempt("1;2;0\\r\\n3;4;2\\r\\n"),
                roundTrip: attempt(toCsv([[1, 2, 0], [-0.5, 0.25, 1]])),
                badLabel: attempt("x1,x2,label\\n1,2,0\\n1,2,7\\n"),
                badRow: attempt("1,2,0\\n1,2\\n"),
                tooFew: attempt("1,2,0\\n"),
            };
        }"""
    )
    assert result["header"] == {"points": [[1, 2, 0], [3.142, -4, 1]], "classes": 2}
    assert result["semicolons"] == {"points": [[1, 2, 0], [3, 4, 2]], "classes": 3}
    assert result["roundTrip"]["points"] == [[1, 2, 0], [-0.5, 0.25, 1]]
    assert "line 3" in result["badLabel"]
    assert "line 2" in result["badRow"]
    assert "at least 2" in result["tooFew"]
    assert result["japanese"]["badLabel"].startswith("2 行目: ラベルは 0〜4 の整数")
    assert result["japanese"]["badRow"].startswith("2 行目:")


def test_api_errors_read_as_field_and_reason(page):
    message = page.evaluate(
        """async () => {
            const { readableError } = await import("/api.js");
            return readableError(422, { detail: [
                { loc: ["body", "optimizer", "batch_size"], msg: "batch_size must be ≤ the training-set size (5)" },
                { loc: ["body", "model", "kind"], msg: "logistic regression is binary" },
            ] });
        }"""
    )
    assert message == (
        "optimizer.batch_size: batch_size must be ≤ the training-set size (5); "
        "model.kind: logistic regression is binary"
    )


def test_status_says_it_is_compiling_while_a_running_run_waits_at_step_zero(page):
    texts = page.evaluate(
        """async () => {
            const { createStatus } = await import("/views/status.js");
            const root = document.createElement("div");
            document.body.append(root);
            const status = createStatus(root);
            const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
            status.setState("running");
            status.setFrame({ step: 0, epoch: 0 });
            const early = root.textContent;
            await sleep(1000);
            const waiting = root.textContent;
            status.setFrame({ step: 8, epoch: 0.05 });
            const trained = root.textContent;
            status.setState("paused");
            status.setFrame({ step: 0, epoch: 0 });
            await sleep(1000);
            const paused = root.textContent;
            root.remove();
            return { early, waiting, trained, paused };
        }"""
    )
    assert "compiling" not in texts["early"]
    assert "compiling the training step" in texts["waiting"]
    assert "compiling" not in texts["trained"] and "step 8" in texts["trained"]
    assert "compiling" not in texts["paused"]
