# Expressions: precedence, literals, displays, comprehensions, f-strings.
v = -2 ** 2, 2 ** -1, -a ** -b ** c, not a == b, ~a + b * c @ d // e % f
v = a or b and c or not d, a if b else c if d else e, lambda: 0
v = lambda a, b=1, /, c=2, *d, e, f=3, **g: (a, b, c, d, e, f, g)
v = lambda *, k: k
v = a < b <= c > d >= e == f != g in h not in i is j is not k
v = a | b ^ c & d << e >> f + g - h
v = x[1], x[1:2], x[::3], x[1:2, ::3], x[:, None], x[...], x[a:b:c], x[()]
v = x[*a], x[a, *b]
v = f(), f(a), f(a, b=1), f(*a, **b), f(a, *b, c, *d, e=1, **f), f(x for x in y)
v = f(a)(b)[c].d.e(f)
v = [], [1], [1, 2,], [*a, *b], (), (1,), (1, 2), (*a, b), {}, {1}, {1: 2}
v = {**a, 'b': 1, **c}, {*a, 1}
v = [x for x in y], {x for x in y}, {k: v for k, v in y}, (x for x in y)
v = [x for x in y if x if not x for z in x if z]
v = [(yield) for x in y] if False else None
v = (n := 10), [y := f(x), y ** 2], {(z := 1): 2}
v = True, False, None, ..., 0, 1_000, 0xFF, 0o17, 0b1010, 1.5, 1e10, 1E-5, .5, 5., 1_0.0_1, 3j, 1.5J
v = 123456789012345678901234567890, 0xFFFFFFFFFFFFFFFFFFFF
v = 'a', "b", '''c''', """d""", 'a' 'b' "c", r'\d', R"\n", b'x', rb'\x00', Br'y', u'z'
v = '\n\t\\\'\"\x41\u00e9\U0001F600\101\0\d', b'\x00\xff\n\777'
v = """multi
line\
 string"""
v = f'{x}', f'a{x!r}b', f'{x:>10}', f'{x:{w}.{p}}', f'{{}}', f'{x=}', f'{x = !s}', f'{x=:>4}'
v = f'{ {"a": 1}["a"] }', f"{'nested'}", f'{x!a:^{width}}' 'plain' f'{y}', rf'\d{x}'
v = f'''{
    x
}''', F"{a['b']:{c}}"
v = await_ = 1
v = (a
     + b
     - c)
v = a.b.c.d(e).f[g](h)
v = not not x
v = - - x
v = (((x)))
print(*args, sep='', end='\n', file=sys.stderr)
v = f'{f"{x!r}" + y}', f'{x if y else f"{z:>{w}}"}'
