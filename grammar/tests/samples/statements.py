"""Every statement form of the subset, for comparison with CPython's ast."""
import os.path as osp, sys
from . import a
from ..pkg.mod import (b as c, d,)
from x import *

x = y = 1
a, *b = [1, 2, 3]
(c, d), e = (1, 2), 3
[f, g] = h = i.j[0] = k
n: int
m: "list[int]" = []
p.q: str = "r"
x += 1; x -= 1; x *= 2; x /= 2; x //= 2; x %= 2; x **= 2; x @= y
x >>= 1; x <<= 1; x &= 1; x |= 1; x ^= 1
del x, y[0], z.w, (a, b), [c]
assert x, "message"
assert (x)
global gg
pass


@decorator
@decorator.attr(arg, key=value)
class Point(Base, metaclass=Meta, **extra):
    """Doc."""
    x: int = 0

    def __init__(self, x, y=0, /, z=1, *args, k, kk=2, **kwargs) -> None:
        nonlocal_free = 1
        self.x = x
        return None

    @property
    def norm(self): return (self.x ** 2 + self.y ** 2) ** 0.5

    async def run(self, *, key):
        async with lock as held, other:
            await self.step()
        async for item in source():
            yield item
        return [i async for i in gen() if i]


def generator():
    x = yield
    y = yield 1, 2
    z = yield from other()
    yield
    return


if a:
    pass
elif b: x = 1
elif c:
    x = 2
else:
    x = 3

while cond:
    if x: break
    else: continue
else:
    pass

for i, (j, k) in enumerate(pairs, start=1):
    pass
else:
    pass

for x, in y: pass

try:
    risky()
except ValueError:
    pass
except (KeyError, IndexError) as error:
    raise RuntimeError("bad") from error
except:
    raise
else:
    ok()
finally:
    cleanup()

try:
    pass
finally:
    pass

with open(path) as f, open(other) as (g, h):
    pass

with (open(path) as f,
      open(other) as g):
    pass

with (a, b):
    pass

with (yield_value) as v:
    pass
