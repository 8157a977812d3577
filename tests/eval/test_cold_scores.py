"""Every gold set written since cold scores were kept has its first score recorded (eval/cold.json)."""

from __future__ import annotations

from budgetqa.eval.runner import COLD, default_sets, load_cold

# Written and tuned on together with the first answer code, before cold scores were kept (see eval/report.md).
BEFORE_COLD_SCORES = {"seed", "swu", "shanghai", "dev2"}


def test_every_newer_gold_set_has_its_cold_score():
    cold = load_cold(COLD)
    missing = [p.stem for p in default_sets() if p.stem not in BEFORE_COLD_SCORES and p.stem not in cold]
    assert not missing, f"record the first run of {missing} in eval/cold.json before tuning on their documents"


def test_cold_scores_are_ratios_with_where_they_were_recorded():
    for name, scores in load_cold(COLD).items():
        assert {"recorded", "commit", "source"} <= set(scores), name
        ratios = [v for k, v in scores.items() if k not in {"recorded", "commit", "source"}]
        assert ratios and all(isinstance(v, float | int) and 0 <= v <= 1 for v in ratios), name
