"""The top of a py-spy profile: `python -m bench.profile_top PROFILE.raw [--top 25]`.

PROFILE.raw is `py-spy record --format raw` output (one collapsed stack and its sample count a
line). Prints the functions by share of samples spent in them (self) and under them
(inclusive), and the share of the three phases of a crawl: start-up imports, the crawl, and the
exports at close (`vinny.extensions.export_on_close`). Threads waiting for work are left out.
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from pathlib import Path

_FRAME = re.compile(r"(?P<func>.*) \((?P<path>.*?)(?::\d+)?\)$")
_PREFIX = re.compile(r".*(?:site-packages|wt-[\w-]+|main)/")
PHASES = {"imports": "_find_and_load", "exports at close": "ExportOnClose"}
# A thread waiting for work (Twisted's thread pool, the reactor's poll) is sampled as running.
IDLE = ("Condition.wait (threading.py)", "EpollSelector.select (selectors.py)")


def short(frame: str) -> str:
    """`func (path/to/module.py:12)` -> `func (module path from its package)`."""
    match = _FRAME.match(frame)
    if not match:
        return frame or "(native)"
    return f"{match['func']} ({_PREFIX.sub('', match['path'])})"


def summarise(lines: list[str]) -> tuple[int, Counter[str], Counter[str], Counter[str]]:
    """(samples, self counts, inclusive counts, phase counts) of collapsed stacks."""
    own: Counter[str] = Counter()
    under: Counter[str] = Counter()
    phases: Counter[str] = Counter()
    total = 0
    for line in lines:
        stack, _, count = line.rstrip().rpartition(" ")
        if not count.isdigit():
            continue
        samples = int(count)
        frames = [short(f) for f in stack.split(";")]
        if frames[-1] in IDLE:
            continue
        total += samples
        own[frames[-1]] += samples
        under.update(dict.fromkeys(set(frames), samples))
        phase = next((name for name, marker in PHASES.items() if marker in stack), "crawl")
        phases[phase] += samples
    return total, own, under, phases


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("profile", type=Path)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args(argv)
    total, own, under, phases = summarise(args.profile.read_text().splitlines())
    print(f"{total} samples; " + ", ".join(f"{name} {100 * n / total:.0f}%"
                                           for name, n in phases.most_common()))
    print("self:")
    for name, n in own.most_common(args.top):
        print(f"  {100 * n / total:5.1f}%  {name}")
    print("inclusive (vinny's own code, and Scrapy's per-request machinery):")
    shown = [(name, n) for name, n in under.most_common()
             if re.search(r"\((vinny|spiders|scrapy/(core|spidermiddlewares|downloadermiddle"
                          r"wares|extensions|pipelines))/", name)]
    for name, n in shown[:args.top]:
        print(f"  {100 * n / total:5.1f}%  {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
