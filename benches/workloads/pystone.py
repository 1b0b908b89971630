# A pystone-like loop (the Dhrystone mix, written afresh): a linked record class whose
# instances are created, copied and updated through attribute reads and writes; procedures
# with and without results; module globals; a 1-d and a 2-d list; comparisons of one-char
# and short strings; small-int arithmetic. Integers stay far below 2**30, so they are small
# ints both on wasm32 (31 bits) and natively (63 bits).
LOOPS = 8000

RED, GREEN, BLUE, CYAN, MAGENTA = 0, 1, 2, 3, 4


class Rec:
    def __init__(self, link=None, kind=0, color=RED, num=0, text=""):
        self.link = link
        self.kind = kind
        self.color = color
        self.num = num
        self.text = text

    def clone(self):
        return Rec(self.link, self.kind, self.color, self.num, self.text)


g_rec = None
g_int = 0
g_flag = False
g_ch1 = "\0"
g_ch2 = "\0"
g_list = [0] * 51
g_grid = [[0] * 51 for _ in range(51)]


def p_update(rec):
    nxt = g_rec.clone()
    rec.num = 5
    nxt.num = rec.num
    nxt.link = rec.link
    nxt.link = p_step(nxt.link)
    if nxt.kind == RED:
        nxt.num = 6
        nxt.color = p_pick(rec.color)
        nxt.link = g_rec.link
        nxt.num = p_add(nxt.num, 10)
    else:
        rec = nxt.clone()
    nxt.link = None
    return rec


def p_bump(v):
    x = v + 10
    while True:
        if g_ch1 == "A":
            x = x - 1
            v = x - g_int
            return v


def p_step(link):
    global g_int
    if g_rec is not None:
        link = g_rec.link
    else:
        g_int = 100
    g_rec.num = p_add(10, g_int)
    return link


def p_chars():
    global g_flag, g_ch1, g_ch2
    g_flag = g_ch1 == "A" or g_flag
    g_ch1 = "A"
    g_ch2 = "B"


def p_pick(color):
    out = color
    if not p_is_even(color):
        out = CYAN
    if color == RED:
        out = RED
    elif color == GREEN:
        out = BLUE if g_int > 100 else CYAN
    elif color == BLUE:
        out = GREEN
    elif color == MAGENTA:
        out = BLUE
    return out


def p_add(a, b):
    return a + b + 2


def p_fill(arr, grid, a, b):
    global g_int
    i = a + 5
    arr[i] = b
    arr[i + 1] = arr[i]
    arr[i + 30] = i
    for j in range(i, i + 2):
        grid[i][j] = i
    grid[i][i - 1] += 1
    grid[i + 20][i] = arr[i]
    g_int = 5


def f_same(c1, c2):
    return GREEN if c1 != c2 else RED


def f_compare(s1, s2):
    k = 2
    ch = "\0"
    while k <= 2:
        if f_same(s1[k], s2[k + 1]) == GREEN:
            ch = "A"
            k += 1
    if "W" <= ch <= "Z":
        k = 7
    if ch == "X":
        return True
    if s1 > s2:
        k += 7
        return True
    return False


def p_is_even(v):
    return v == BLUE


def bench(loops=LOOPS):
    global g_rec, g_flag, g_grid
    g_rec = Rec(Rec(), RED, BLUE, 40, "PYSTONE-LIKE PROGRAM, SOME STRING")
    s1 = "PYSTONE-LIKE PROGRAM, 1'ST STRING"
    g_grid[8][7] = 10
    a = b = c = 0
    for _ in range(loops):
        p_chars()
        a = 2
        b = 3
        s2 = "PYSTONE-LIKE PROGRAM, 2'ND STRING"
        color = GREEN
        g_flag = not f_compare(s1, s2)
        while a < b:
            c = 5 * a - b
            c = p_add(a, b)
            a += 1
        p_fill(g_list, g_grid, a, c)
        g_rec = p_update(g_rec)
        ch = "A"
        while ch <= g_ch2:
            if color == f_same(ch, "C"):
                color = p_pick(RED)
            ch = chr(ord(ch) + 1)
        c = b * a
        b = c // a
        b = 7 * (c - b) - a
        a = p_bump(a)
    return a + b + c + g_int + g_grid[8][7] + g_list[8] + g_rec.num
