"""Flows for prefect-tui's real-client tests (registered with `prefect register`)."""
import datetime

import prefect
from prefect import Flow, Parameter, task
from prefect.run_configs import LocalRun
from prefect.schedules import Schedule
from prefect.schedules.clocks import CronClock, IntervalClock


@task
def numbers(n):
    return list(range(n))


@task
def square(x):
    prefect.context.get("logger").info("squaring %s", x)
    return x * x


@task
def total(xs):
    prefect.context.get("logger").info("total is %s", sum(xs))
    return sum(xs)


@task
def explode():
    raise ValueError("the flow failed on purpose")


with Flow("mapped-sum", run_config=LocalRun(labels=["realtest"])) as mapped:
    n = Parameter("n", default=3)
    total(square.map(numbers(n)))

with Flow("always-fails", run_config=LocalRun(labels=["realtest"])) as failing:
    explode()

hourly = Schedule(
    clocks=[
        IntervalClock(datetime.timedelta(hours=1)),
        CronClock("30 */6 * * *", parameter_defaults={"n": 7}, labels=["big"]),
    ]
)
with Flow("scheduled-sum", schedule=hourly, run_config=LocalRun(labels=["realtest"])) as scheduled:
    n = Parameter("n", default=2)
    total(square.map(numbers(n)))
