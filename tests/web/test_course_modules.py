"""The course's pure modules (web/course/*, web/i18n.js), imported in real Chromium: the checkpoint evaluator on the
course's own steps, the progress store, each coach rule on synthetic frame histories that must make it speak and
ones that must keep it quiet, and the order in which the page picks its language."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_checkpoints_tick_from_frames_of_a_matching_run_only(page):
    result = page.evaluate(
        """async () => {
            const { BY_ID } = await import("/course/lessons.js");
            const { stepReached, checkParams } = await import("/course/checkpoints.js");
            const [fails, squares, hidden] = BY_ID["plane.circle"].steps;
            const circle = { dataset: "circle", model: "logistic", features: ["x1", "x2"], hidden: [4] };
            const frame = (epoch, test_accuracy) => ({ step: epoch * 20, epoch, test_accuracy, train_loss: 0.6 });
            const climbing = [frame(1, 0.5), frame(20, 0.8), frame(40, 0.96)];
            const squared = { ...circle, features: ["x1", "x2", "x1^2", "x2^2"] };
            const mlp = { ...circle, model: "mlp", activation: "tanh" };
            const conv = BY_ID["digits.conv"].steps;
            const convState = { lesson: "conv", kernel: [1, 0, -1, 1, 0, -1, 1, 0, -1], digit: 0 };
            return {
                squaresReached: stepReached(squares, { settings: squared, frames: climbing }),
                squaresBelow: stepReached(squares, { settings: squared, frames: climbing.slice(0, 2) }),
                squaresOtherRun: stepReached(squares, { settings: mlp, frames: climbing }),
                hiddenReached: stepReached(hidden, { settings: mlp, frames: climbing }),
                failsTooEarly: stepReached(fails, { settings: circle, frames: [frame(10, 0.55), frame(49, 0.6)] }),
                failsAtFifty: stepReached(fails, { settings: circle, frames: [frame(10, 0.55), frame(50, 0.6)] }),
                failsButPassed: stepReached(fails, { settings: circle, frames: [frame(50, 0.8), frame(60, 0.9)] }),
                noMetricYet: stepReached(fails, { settings: circle, frames: [frame(60, null)] }),
                nanLoss: stepReached(BY_ID["plane.logistic"].steps[1], {
                    settings: { dataset: "linear", model: "logistic", features: ["x1", "x2"], noise: 0.2 },
                    frames: [{ step: 900, epoch: 45, train_loss: Number.NaN }],
                }),
                kernelVertical: stepReached(conv[0], { settings: convState, frames: [] }),
                kernelHorizontal: stepReached(conv[1], { settings: convState, frames: [] }),
                otherDigit: [0, 7].map((digit) => stepReached(conv[2], { settings: { ...convState, digit } })),
                params: [checkParams(fails.check), checkParams(BY_ID["digits.softmax"].steps[1].check)],
            };
        }"""
    )
    assert result["squaresReached"] is True
    assert result["squaresBelow"] is False
    assert result["squaresOtherRun"] is False, "frames of a run with other settings must not tick the step"
    assert result["hiddenReached"] is True
    assert result["failsTooEarly"] is False, "a 'still below after 50 epochs' check waits for epoch 50"
    assert result["failsAtFifty"] is True
    assert result["failsButPassed"] is False
    assert result["noMetricYet"] is False
    assert result["nanLoss"] is False, "a diverged (NaN) loss is no progress"
    assert (result["kernelVertical"], result["kernelHorizontal"]) == (True, False)
    assert result["otherDigit"] == [False, True]
    assert result["params"] == [{"target": "75%", "epochs": "50"}, {"target": "89%", "steps": "1,000"}]


def test_progress_persists_only_known_steps_and_resets(page):
    result = page.evaluate(
        """async () => {
            const { createProgress, STORAGE_KEY } = await import("/course/progress.js");
            const memory = new Map();
            const storage = {
                getItem: (k) => memory.get(k) ?? null,
                setItem: (k, v) => memory.set(k, v),
                removeItem: (k) => memory.delete(k),
            };
            const first = createProgress(storage);
            const marked = [
                first.markDone("plane.circle", "step2"),
                first.markDone("plane.circle", "step1"),
                first.markDone("plane.circle", "step1"),
                first.markDone("plane.circle", "step9"),
                first.markDone("no.such.lesson", "step1"),
            ];
            const answers = [first.setAnswer("plane.circle", "no"), first.setAnswer("plane.circle", "yes"),
                             first.setAnswer("plane.circle", "maybe")];
            const reloaded = createProgress(storage);
            const afterReload = {
                stored: JSON.parse(memory.get(STORAGE_KEY)),
                circle: reloaded.count("plane.circle"),
                course: reloaded.count(),
                step1: reloaded.isDone("plane.circle", "step1"),
                step3: reloaded.isDone("plane.circle", "step3"),
                answer: reloaded.answer("plane.circle"),
            };
            memory.set(STORAGE_KEY, JSON.stringify({ steps: { "plane.xor": ["step1", "step77"], evil: ["step1"] },
                                                     predictions: { "plane.xor": "x1x2", "plane.circle": 5 } }));
            const edited = createProgress(storage);
            const cleaned = { xor: edited.count("plane.xor").done, evil: edited.count("evil").total,
                              xorAnswer: edited.answer("plane.xor"), circleAnswer: edited.answer("plane.circle") };
            memory.set(STORAGE_KEY, "{not json");
            const broken = createProgress(storage).count().done;
            reloaded.reset();
            return { marked, answers, afterReload, cleaned, broken, afterReset: createProgress(storage).count().done,
                     storedAfterReset: memory.has(STORAGE_KEY) };
        }"""
    )
    assert result["marked"] == [True, True, True, False, False]
    assert result["answers"] == [True, True, False]
    after = result["afterReload"]
    assert after["stored"]["steps"] == {"plane.circle": ["step1", "step2"]}
    assert after["circle"] == {"done": 2, "total": 3}
    assert after["course"]["done"] == 2 and after["course"]["total"] > 20
    assert (after["step1"], after["step3"]) == (True, False)
    assert after["answer"] == "no", "the first prediction counts"
    assert result["cleaned"] == {"xor": 1, "evil": 0, "xorAnswer": "x1x2", "circleAnswer": None}
    assert result["broken"] == 0
    assert (result["afterReset"], result["storedAfterReset"]) == (0, False)


# Shared by the coach tests: `series(n, fn)` → n frames one epoch apart, fn(i) overriding each frame's fields;
# `say(rule, frames, facts)` runs one rule on the frames as the page's FrameHistory keeps them.
HISTORY_JS = """
    const coach = await import("/course/coach.js");
    const facts = await import("/course/runfacts.js");
    const { defaults } = await import("/state.js");
    const plane = (over) => facts.planeFacts({ ...defaults(), ...over });
    const history = (frames) => {
        const h = new coach.FrameHistory();
        frames.forEach((f) => h.push(f));
        return h.frames;
    };
    const series = (n, fn) => Array.from({ length: n }, (_, i) => ({ status: "running", step: i * 20, epoch: i,
        learning_rate: 0.03, train_loss: 0.5, test_loss: 0.5, train_accuracy: 0.9, test_accuracy: 0.9, ...fn(i) }));
    const say = (rule, frames, runFacts) => coach[rule](history(frames), runFacts);
"""


def test_coach_diverged_speaks_on_nan_or_a_diverged_run_only(page):
    result = page.evaluate(
        """async () => {"""
        + HISTORY_JS
        + """
            const f = plane({ learningRate: 3 });
            const healthy = series(20, (i) => ({ learning_rate: 3, train_loss: 2 + i }));
            return {
                nan: say("diverged", [...healthy, { ...healthy[19], step: 420, train_loss: null }], f),
                ended: say("diverged", [...healthy, { status: "diverged", step: 430, train_loss: 5 }], f),
                quiet: say("diverged", healthy, f),
            };
        }"""
    )
    assert result["nan"]["rule"] == "diverged"
    assert result["nan"]["fix"] == {"learningRate": 0.3} and result["nan"]["restart"] is True
    assert result["nan"]["params"]["step"] == "420" and result["nan"]["why"] == "digits.softmax"
    assert result["ended"]["fix"] == {"learningRate": 0.3}
    assert result["quiet"] is None, "a large but finite loss is not a divergence"


def test_coach_flat_loss_needs_a_low_rate_and_a_loss_that_hardly_moved(page):
    result = page.evaluate(
        """async () => {"""
        + HISTORY_JS
        + """
            const slow = series(61, (i) => ({ learning_rate: 1e-4, train_loss: 1.5 - 0.005 * i }));
            const learning = series(61, (i) => ({ learning_rate: 1e-4, train_loss: 1.5 * 0.9 ** i }));
            const digits = facts.digitsFacts({ lesson: "softmax", optimizer: "sgd", learningRate: 0.001 });
            const mnist = Array.from({ length: 25 }, (_, i) => ({ step: i * 8, epoch: i / 10, learning_rate: 0.001,
                                                                  train_loss: 2.37 - 0.01 * i }));
            return {
                slow: say("flatLoss", slow, plane({ learningRate: 1e-4 })),
                usualRate: say("flatLoss", slow.map((f) => ({ ...f, learning_rate: 0.03 })), plane({})),
                learning: say("flatLoss", learning, plane({ learningRate: 1e-4 })),
                tooShort: say("flatLoss", slow.slice(0, 40), plane({ learningRate: 1e-4 })),
                mnist: say("flatLoss", mnist, digits),
            };
        }"""
    )
    assert result["slow"]["rule"] == "flat_loss"
    assert result["slow"]["fix"] == {"learningRate": 0.03} and result["slow"]["params"]["epochs"] == 50
    assert result["usualRate"] is None, "a slow plateau at the usual rate is not the rate's fault"
    assert result["learning"] is None
    assert result["tooShort"] is None, "fewer epochs than the window: too early to say"
    assert result["mnist"]["fix"] == {"learningRate": 0.5}


def test_coach_linear_stuck_only_for_a_linear_model_on_curved_data(page):
    result = page.evaluate(
        """async () => {"""
        + HISTORY_JS
        + """
            const stuck = series(61, () => ({ train_accuracy: 0.6 }));
            const circle = { dataset: "circle", model: "logistic" };
            return {
                circle: say("linearStuck", stuck, plane(circle)),
                xor: say("linearStuck", stuck, plane({ dataset: "xor", model: "logistic" })),
                spiral: say("linearStuck", stuck, plane({ dataset: "spiral", model: "softmax" })),
                squares: say("linearStuck", stuck, plane({ ...circle, features: ["x1", "x2", "x1^2", "x2^2"] })),
                mlp: say("linearStuck", stuck, plane({ ...circle, model: "mlp" })),
                lineData: say("linearStuck", stuck, plane({ dataset: "linear", model: "logistic" })),
                early: say("linearStuck", stuck.slice(0, 30), plane(circle)),
                good: say("linearStuck", series(61, () => ({ train_accuracy: 0.9 })), plane(circle)),
                digits: say("linearStuck", stuck, facts.digitsFacts({ lesson: "softmax", optimizer: "sgd" })),
                quietInStep: coach.coachAdvice(history(stuck), plane(circle), { quiet: ["linear_stuck"] }),
            };
        }"""
    )
    assert result["circle"]["fix"] == {"features": ["x1", "x2", "x1^2", "x2^2"]}
    assert result["circle"]["params"] == {"epochs": 60, "accuracy": "60%"}
    assert result["circle"]["label"] == "coach.linear_stuck.fix_squares" and result["circle"]["why"] == "plane.circle"
    assert result["xor"]["fix"] == {"features": ["x1", "x2", "x1*x2"]}
    assert result["spiral"]["fix"]["model"] == "mlp"
    for quiet in ("squares", "mlp", "lineData", "early", "good", "digits", "quietInStep"):
        assert result[quiet] is None, quiet


def test_coach_overfitting_wants_a_clear_held_rise_and_a_real_accuracy_gap(page):
    result = page.evaluate(
        """async () => {"""
        + HISTORY_JS
        + """
            const u = (i) => 0.3 + 0.001 * (i - 10) ** 2;  // best test loss at epoch 10, then rising to 1.2
            const gap = { train_accuracy: 1, test_accuracy: 0.8 };
            const memorising = series(41, (i) => ({ train_loss: 0.5 * 0.95 ** i, test_loss: u(i), ...gap }));
            // lesson No.3's late drift: test loss 0.05 -> 0.082 (64 %), both accuracies near the top
            const creep = series(41, (i) => ({ train_loss: 0.02 * 0.95 ** i, test_loss: 0.05 + 0.00004 * (i - 10) ** 2,
                                               train_accuracy: 1, test_accuracy: 0.97 }));
            const blip = memorising.map((f, i) => ({ ...f, test_loss: i < 38 ? 0.3 : 0.9 }));
            const f = plane({ model: "mlp" });
            return {
                memorising: say("overfitting", memorising, f),
                creep: say("overfitting", creep, f),
                noGap: say("overfitting", memorising.map((x) => ({ ...x, test_accuracy: 0.95 })), f),
                blip: say("overfitting", blip, f),
                settled: say("overfitting", memorising.map((x) => ({ ...x, test_loss: 0.3 })), f),
                bothRising: say("overfitting", memorising.map((x, i) => ({ ...x, train_loss: 0.2 + 0.01 * i })), f),
                tooSoon: say("overfitting", memorising.slice(0, 25), f),
                digits: say("overfitting", memorising,
                            facts.digitsFacts({ lesson: "mlp", optimizer: "adam", hidden: [64], activation: "relu" })),
            };
        }"""
    )
    said = result["memorising"]
    assert said["rule"] == "overfitting" and said["params"] == {"epoch": 10, "rise": "281%", "gap": 20}
    assert said["fix"] == {"regularization": "l2", "regRate": 0.01} and said["why"] == "plane.spiral"
    assert result["creep"] is None, "a small late creep of a well-fitting net is not memorising"
    assert result["noGap"] is None, "test accuracy within a few points of train accuracy"
    assert result["blip"] is None, "a rise that has not held for the window"
    assert result["settled"] is None
    assert result["bothRising"] is None, "train loss rising too is not memorising"
    assert result["tooSoon"] is None, "under 20 epochs past the best test loss"
    assert result["digits"]["fix"] == {"hidden": [32]}


def test_coach_dead_units_wants_half_the_relu_units_dead_for_a_while(page):
    result = page.evaluate(
        """async () => {"""
        + HISTORY_JS
        + """
            const scales = (dead, total) => Array.from({ length: total }, (_, j) => (j < dead ? 0 : 0.8));
            const units = (dead) => ({ units: { scales: scales(dead, 16) } });
            const relu = plane({ model: "mlp", activation: "relu", hidden: [8, 8] });
            const cnnFrame = (i) => ({ step: i * 160, epoch: i, learning_rate: 0.02, train_loss: 2.3,
                digits: { feature_maps: { conv1: { scales: scales(6, 8).map((s) => s || 1e-8) } } } });
            return {
                dead: say("deadUnits", series(10, () => units(8)), relu),
                tanh: say("deadUnits", series(10, () => units(8)), plane({ model: "mlp", activation: "tanh" })),
                few: say("deadUnits", series(10, () => units(3)), relu),
                justDied: say("deadUnits", series(10, (i) => units(i === 9 ? 8 : 0)), relu),
                young: say("deadUnits", series(3, () => units(8)), relu),
                cnn: say("deadUnits", Array.from({ length: 4 }, (_, i) => cnnFrame(i)),
                         facts.digitsFacts({ lesson: "cnn", optimizer: "adam", learningRate: 0.02, dense: 128 })),
            };
        }"""
    )
    assert result["dead"]["params"] == {"dead": 8, "total": 16, "value": 0.003}
    assert result["dead"]["fix"] == {"activation": "tanh"}
    for quiet in ("tanh", "few", "justDied", "young"):
        assert result[quiet] is None, quiet
    assert result["cnn"]["params"]["dead"] == 6 and result["cnn"]["fix"] == {"learningRate": 0.002}


def test_coach_says_the_first_rule_in_precedence_and_history_stays_bounded(page):
    result = page.evaluate(
        """async () => {"""
        + HISTORY_JS
        + """
            const stuckThenNan = [...series(61, () => ({ train_accuracy: 0.6 })),
                                  { status: "diverged", step: 1300, epoch: 61, train_loss: null }];
            const h = new coach.FrameHistory(64);
            for (let i = 0; i < 5000; i++) h.push({ step: i, epoch: i / 20, train_loss: 1 / (i + 1) });
            return {
                first: coach.coachAdvice(history(stuckThenNan), plane({ dataset: "circle", model: "logistic" })).rule,
                length: h.frames.length, firstStep: h.frames[0].step, lastStep: h.frames.at(-1).step,
                ordered: h.frames.every((f, i) => i === 0 || f.step > h.frames[i - 1].step),
            };
        }"""
    )
    assert result["first"] == "diverged"
    assert result["length"] <= 64 and result["firstStep"] == 0 and result["lastStep"] == 4999
    assert result["ordered"] is True


def test_language_choice_order_switch_and_loud_missing_keys(page, lab):
    # the lab writes its settings into the hash once it starts: switch after that (wiring keeps lang= in the hash)
    page.wait_for_function("() => location.hash.includes('data=')")
    result = page.evaluate(
        """async () => {
            const i18n = await import("/i18n.js");
            const choose = i18n.chooseLanguage;
            const order = {
                hashWins: choose({ hash: "#data=xor&lang=en", stored: "ja", browser: ["ja-JP"] }),
                badHashFallsThrough: choose({ hash: "#lang=fr", stored: "ja", browser: ["en-US"] }),
                storedNext: choose({ hash: "#data=xor", stored: "en", browser: ["ja"] }),
                badStoredFallsThrough: choose({ stored: "de", browser: ["en-GB", "ja-JP"] }),
                browserJa: choose({ browser: ["ja"] }),
                browserEn: choose({ browser: ["fr-FR", "en-US"] }),
                jamaicaIsNotJapanese: choose({ browser: ["jam"] }),
                nothing: choose({}),
            };
            const hash = i18n.hashWithLanguage("#data=xor&feat=x1,x1sq&lang=en&lr=0.03", "ja");
            const t = i18n.createTranslator({ a: { b: "{n} of {total}" } });
            const translated = [t("a.b", { n: 1, total: 3 }), t("a.missing"), t("a.b", { n: 1 }), t("a")];
            localStorage.removeItem("boundary-lab.lang");
            const before = i18n.currentLanguage();
            const switched = await i18n.switchLanguage("ja");
            const after = {
                lang: switched, html: document.documentElement.lang, hash: location.hash,
                stored: localStorage.getItem("boundary-lab.lang"), current: i18n.currentLanguage(),
                title: i18n.t("course.no1.title"),
                check: i18n.t("course.no3.step1.check", { epochs: 50, target: "75%" }),
            };
            await i18n.switchLanguage("en");
            return { order, hash, translated, before, after, english: i18n.t("course.no1.title"),
                     finalHash: location.hash };
        }"""
    )
    assert result["order"] == {
        "hashWins": "en",
        "badHashFallsThrough": "ja",
        "storedNext": "en",
        "badStoredFallsThrough": "ja",
        "browserJa": "ja",
        "browserEn": "en",
        "jamaicaIsNotJapanese": "en",
        "nothing": "en",
    }
    assert result["hash"] == "#data=xor&feat=x1,x1sq&lr=0.03&lang=ja"
    assert result["translated"] == ["1 of 3", "⟦a.missing⟧", "1 of ⟦total⟧", "⟦a⟧"]
    assert any("i18n: missing key a.missing" in error for error in lab.errors), "a missing key must be loud"
    assert result["before"] == "en"  # Chromium's test profile speaks English
    after = result["after"]
    assert (after["lang"], after["html"], after["stored"], after["current"]) == ("ja", "ja", "ja", "ja")
    assert after["hash"].endswith("lang=ja")
    assert after["title"] == "ロジスティック回帰"
    assert after["check"] == "50 エポック後もテストセットの正解率が 75% に届かない。"
    assert result["english"] == "Logistic regression" and result["finalHash"].endswith("lang=en")


def test_every_formula_typesets_with_the_vendored_katex(page):
    page.wait_for_function("() => window.katex")
    failures = page.evaluate(
        """async () => {
            const { FORMULAS } = await import("/course/formulas.js");
            const failed = {};
            for (const [id, tex] of Object.entries(FORMULAS)) {
                try { window.katex.renderToString(tex, { throwOnError: true, displayMode: true }); }
                catch (error) { failed[id] = error.message; }
            }
            return { failed, count: Object.keys(FORMULAS).length };
        }"""
    )
    assert failures["count"] >= 10 and failures["failed"] == {}
