"""Example questions offered as one-click buttons: one of each kind the assistant answers."""

EXAMPLE_QUESTIONS: tuple[str, ...] = (
    "出差花了多少钱？",  # a value, asked in everyday words
    "2080107 的一般公共预算拨款比上年少多少？",  # a comparison with last year
    "什么是三公经费？",  # a definition
    "三公经费为什么下降？",  # a reason from the narrative
)
