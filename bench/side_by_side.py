"""Works A, B and C in this process: our engine, PyTorch eager and numpy race the same steps, interleaved.

Each race trains every contender the same steps (same weights, same minibatches in the same order), round by
round, with PyTorch at 1 and at 2 threads side by side; then the loss check compares the loss curves and the step
counts each contender really ran.
"""

from __future__ import annotations

from dataclasses import dataclass

from bench import peers_torch
from bench.ours_inprocess import OursDigits, OursPlane, digits_frame_anatomy, frame_cycle, plane_frame_anatomy
from bench.peers_numpy import DenseNumpy
from bench.timing import median, race
from bench.workloads import CNN, SOFTMAX, SPIRAL, SPIRAL_UPDATES_PER_EPOCH, digits_problem, spiral_problem
from models.digits_lab import DigitsLab
from models.plane_lab import PlaneLab


@dataclass(frozen=True)
class Plan:
    """How long each race runs; the defaults are the full run's (FULL), QUICK is --quick's."""

    spiral_epochs: int = 2000
    spiral_rounds: int = 10
    softmax_steps: int = 2000
    softmax_rounds: int = 10
    cnn_steps: int = 256  # 32 steps a round: whole calls of our CNN's 4 unrolled steps, as the server's chunks are
    cnn_rounds: int = 8
    anatomy_repeats: int = 50
    cycle_s: float = 2.0


FULL = Plan()
QUICK = Plan(
    spiral_epochs=400,
    spiral_rounds=5,
    softmax_steps=1000,
    softmax_rounds=5,
    cnn_steps=60,
    cnn_rounds=3,
    anatomy_repeats=20,
    cycle_s=1.0,
)


def _race(contenders, total_steps: int, rounds: int, track_loss: bool) -> dict:
    """Race, then record what each contender really did: its steps (the loss check compares them) and metrics."""
    rates, losses = race(contenders, total_steps // rounds, rounds, track_loss)
    return {
        c.name: {
            "steps_per_s": median(rates[c.name]),
            "rounds": rates[c.name],
            "loss_curve": losses[c.name],
            "steps_expected": total_steps // rounds * rounds,
            "steps_run": c.steps,
            "after": c.evaluate(),
        }
        for c in contenders
    }


def _torch(make, threads: tuple[int, ...], log) -> list:
    """PyTorch contenders, one per intra-op thread count (none when torch is not installed).

    Thread counts race side by side, inside the same interleaved rounds as ours: a count that looked fastest in a
    quiet probe beforehand can collapse next to another busy process, so the choice is made on the race itself.
    """
    if not peers_torch.available():
        log("  torch not installed: PyTorch peer skipped (pip install torch==2.13.0)")
        return []
    contenders = []
    for count in threads:
        trainer = make(count)
        trainer.name = f"torch/{count}"
        contenders.append(trainer)
    return contenders


def _pick_torch(race: dict, log) -> dict:
    """Make the faster torch thread count the `torch` peer (every count stays in the JSON)."""
    counts = {name: entry for name, entry in race.items() if name.startswith("torch/")}
    if not counts:
        return {}
    best = max(counts, key=lambda name: counts[name]["steps_per_s"])
    race["torch"] = counts[best]
    rates = {int(name.split("/")[1]): entry["steps_per_s"] for name, entry in counts.items()}
    log("  torch " + ", ".join(f"{k} thread{'s' * (k > 1)}: {v:,.0f} steps/s" for k, v in rates.items()))
    return {"threads": int(best.split("/")[1]), "steps_per_s_by_threads": rates}


def work_a(plan: Plan, log=print) -> dict:
    log("in-process: Work A (spiral 2→8→8→2 tanh, batch 10, SGD 0.03)")
    steps = plan.spiral_epochs * SPIRAL_UPDATES_PER_EPOCH
    lab, problem = spiral_problem(steps)
    OursPlane(PlaneLab(SPIRAL)).train(1)  # compile on a twin, so the raced lab starts at step 0
    torch = _torch(lambda th: peers_torch.DenseTorch(problem, 0.03, threads=th), (1, 2), log)
    contenders = [OursPlane(lab), DenseNumpy(problem, 0.03), *torch]
    race_result = _race(contenders, steps, plan.spiral_rounds, track_loss=True)
    result = {"epochs": plan.spiral_epochs, "race": race_result, "torch": _pick_torch(race_result, log)}
    result["anatomy"] = plane_frame_anatomy(lab, chunk=3000, repeats=plan.anatomy_repeats)
    result["frame_cycle"] = frame_cycle(PlaneLab(SPIRAL), plan.cycle_s, 1 / 30)
    return result


def work_b(plan: Plan, log=print) -> dict:
    log("in-process: Work B (MNIST softmax 784→10, batch 100, SGD 0.5)")
    lab, problem = digits_problem(SOFTMAX, plan.softmax_steps)
    OursDigits(DigitsLab(SOFTMAX)).train(1)
    torch = _torch(lambda th: peers_torch.DenseTorch(problem, 0.5, threads=th), (1, 2), log)
    contenders = [OursDigits(lab), DenseNumpy(problem, 0.5), *torch]
    race_result = _race(contenders, plan.softmax_steps, plan.softmax_rounds, track_loss=True)
    result = {"steps": plan.softmax_steps, "race": race_result, "torch": _pick_torch(race_result, log)}
    result["anatomy"] = digits_frame_anatomy(lab, plan.anatomy_repeats)
    return result


def work_c(plan: Plan, log=print) -> dict:
    log("in-process: Work C (CNN 8/16/5/128, batch 50, Adam 1e-3)")
    lab, problem = digits_problem(CNN, plan.cnn_steps)
    OursDigits(DigitsLab(CNN)).train(1)
    torch = _torch(lambda th: peers_torch.CnnTorch(problem, 1e-3, threads=th), (1, 2), log)
    contenders = [OursDigits(lab), *torch]
    race_result = _race(contenders, plan.cnn_steps, plan.cnn_rounds, track_loss=False)
    result = {"steps": plan.cnn_steps, "race": race_result, "torch": _pick_torch(race_result, log)}
    result["anatomy"] = digits_frame_anatomy(lab, max(5, plan.anatomy_repeats // 5))
    return result


WORKS = {"work_a": work_a, "work_b": work_b, "work_c": work_c}
