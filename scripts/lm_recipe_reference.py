"""An independent float32 numpy re-implementation of fastbook ch. 12's LMModel3, LMModel4 and LMModel5 trained
with fastai's recipe, to cross-check the Java engine and to measure how much the recipe's final
accuracy depends on the initial weights (no PyTorch needed).

Recipe (fastai v2 semantics): HUMAN_NUMBERS train+valid joined with ' . ', group_chunks, bs 64,
drop_last, no shuffle; PyTorch default inits (Embedding N(0,1), Linear U(+-1/sqrt(fan_in)), RNN U(+-1/sqrt(hidden)));
mean cross-entropy; fastai Adam (dampened first moment with the scheduled momentum, debiasing with
it, eps 1e-5 after the sqrt, sqr_mom 0.99), decoupled weight decay 0.01 before the step, not on the
Linear biases (wd_bn_bias=False; nn.RNN's biases are decayed: its `bias` attribute is a bool); fit_one_cycle (pct_start 0.25, div 25, div_final 1e5, moms
0.95/0.85/0.95) evaluated at pct = iteration/total before each batch; ModelResetter before training
and validation; accuracy averaged over batches weighted by batch size.

  python3 scripts/lm_recipe_reference.py seeds 4 20   final accuracy of LMModel4 (or 3, 5) for numpy seeds 0..19
  python3 scripts/lm_recipe_reference.py from 4 DIR   start from the weights LmRecipeDump.java wrote into DIR
                                                      (same model); prints the epoch table and writes
                                                      DIR/reference_losses.txt (smoothed training loss)

Measured November 2026 (2-core machine): from the engine's initial weights, the engine's smoothed
training loss equals this script's to <1e-6 for the first 100 steps (LMModel3/4/5), until float32
rounding is amplified by the recurrence (first |diff| > 1e-6 at step 118-345); the final accuracies
from the same start then differ by up to +-0.02 either way. Final accuracy over seeds, this script vs
`./textdive bench lm-chapter --seeds 30 --models 3,4,5` (the engine's figures from before it drew PyTorch's
initial weights; README "Measured figures" has the current ones and PyTorch's own, from
scripts/lm_recipe_pytorch.py):
  LMModel3  numpy 30 seeds median 0.596 (0.564-0.617, sd 0.014)   engine 30 seeds 0.594 (0.548-0.620, sd 0.018)
  LMModel4  numpy 60 seeds median 0.625 (0.540-0.675, sd 0.032)   engine 30 seeds 0.619 (0.555-0.683, sd 0.028)
  LMModel5  numpy 30 seeds median 0.537 (0.453-0.617, sd 0.038)   engine 30 seeds 0.540 (0.467-0.601, sd 0.032)
With that spread a 5-seed median of LMModel4 falls below 0.614 about one time in three.
"""
import math
import os
import sys

import numpy as np

F = np.float32


def load(folder):
    lines = []
    for f in ('train.txt', 'valid.txt'):
        with open(os.path.join(folder, f)) as fh:
            lines += fh.readlines()
    tokens = ' . '.join(l.strip() for l in lines).split(' ')
    ids = {}
    nums = np.array([ids.setdefault(t, len(ids)) for t in tokens], dtype=np.int64)
    return len(ids), nums


def group_chunks(ds, bs):
    m = len(ds) // bs
    return [ds[i + m * j] for i in range(m) for j in range(bs)]


def batches(ds, bs):
    for k in range(len(ds) // bs):
        chunk = ds[k * bs:(k + 1) * bs]
        yield np.stack([c[0] for c in chunk]), np.stack([c[1] for c in chunk])


def combined_cos(pct, start, mid, end):
    def cos(a, b, pos):
        return a + (1 + math.cos(math.pi * (1 - pos))) * (b - a) / 2
    return lambda pos: cos(start, mid, pos / pct) if pos < pct else cos(mid, end, (pos - pct) / (1 - pct))


def cross_entropy(logits, y):
    """Mean cross-entropy of logits (bs, n, V) against ids (bs, n), and its gradient with respect to the logits."""
    bs, n, V = logits.shape
    lo, yy = logits.reshape(-1, V), y.reshape(-1)
    N = len(yy)
    e = np.exp(lo - lo.max(1, keepdims=True))
    s = e.sum(1, keepdims=True)
    loss = float(-(np.log(e[np.arange(N), yy]) - np.log(s[:, 0])).mean())
    d = e / s
    d[np.arange(N), yy] -= 1
    return loss, (d / F(N)).astype(F).reshape(bs, n, V)


class Model:
    """LMModel4 (an output after every step); LMModel3 when last_only (the output after the last step)."""

    def __init__(self, P, last_only):
        self.P, self.last_only = P, last_only

    def forward(self, x, h):
        P, cache, outs = self.P, [], []
        for t in range(x.shape[1]):
            a = h + P['iH.weight'][x[:, t]]
            z = a @ P['hH.weight'].T + P['hH.bias']
            h = np.maximum(z, F(0))
            cache.append((a, z, h))
            if not self.last_only or t == x.shape[1] - 1:
                outs.append(h @ P['hO.weight'].T + P['hO.bias'])
        return np.stack(outs, 1), h, cache

    def loss_grad(self, x, y, h0):
        P = self.P
        outs, h, cache = self.forward(x, h0)
        loss, d = cross_entropy(outs, y)
        G = {k: np.zeros_like(v) for k, v in P.items()}
        dh = np.zeros_like(h0)
        sl = x.shape[1]
        for t in reversed(range(sl)):
            a, z, ht = cache[t]
            j = (0 if t == sl - 1 else None) if self.last_only else t
            if j is not None:
                do = d[:, j]
                G['hO.weight'] += do.T @ ht
                G['hO.bias'] += do.sum(0)
                dh = dh + do @ P['hO.weight']
            dz = dh * (z > 0)
            G['hH.weight'] += dz.T @ a
            G['hH.bias'] += dz.sum(0)
            dh = dz @ P['hH.weight']
            np.add.at(G['iH.weight'], x[:, t], dh)
        return loss, G, h  # h is carried detached


class Rnn2:
    """LMModel5: embedding, PyTorch's nn.RNN (tanh, n layers, both biases), a Linear on every output."""

    def __init__(self, P, layers):
        self.P, self.layers = P, layers

    def forward(self, x, h):
        P, cache, hs = self.P, [], []
        inp = P['iH.weight'][x]
        for l in range(self.layers):
            wi, wh = P[f'rnn.weightIh.{l}'], P[f'rnn.weightHh.{l}']
            b = P[f'rnn.biasIh.{l}'] + P[f'rnn.biasHh.{l}']
            hl, outs = h[l], []
            for t in range(x.shape[1]):
                hl = np.tanh(inp[:, t] @ wi.T + hl @ wh.T + b)
                outs.append(hl)
            out = np.stack(outs, 1)
            cache.append((inp, h[l], out))
            hs.append(hl)
            inp = out
        return inp @ P['hO.weight'].T + P['hO.bias'], np.stack(hs), cache

    def loss_grad(self, x, y, h0):
        P = self.P
        logits, h, cache = self.forward(x, h0)
        loss, d = cross_entropy(logits, y)
        sl = logits.shape[1]
        G = {k: np.zeros_like(v) for k, v in P.items()}
        top = cache[-1][2]
        G['hO.weight'] += np.einsum('btv,bth->vh', d, top)
        G['hO.bias'] += d.sum((0, 1))
        dout = d @ P['hO.weight']
        for l in reversed(range(self.layers)):
            inp, hprev0, out = cache[l]
            wi, wh = P[f'rnn.weightIh.{l}'], P[f'rnn.weightHh.{l}']
            dinp = np.zeros_like(inp)
            dh = np.zeros_like(hprev0)
            for t in reversed(range(sl)):
                dz = (dout[:, t] + dh) * (1 - out[:, t] ** 2)
                hprev = out[:, t - 1] if t > 0 else hprev0
                G[f'rnn.weightIh.{l}'] += dz.T @ inp[:, t]
                G[f'rnn.weightHh.{l}'] += dz.T @ hprev
                G[f'rnn.biasIh.{l}'] += dz.sum(0)
                G[f'rnn.biasHh.{l}'] += dz.sum(0)
                dinp[:, t] = dz @ wi
                dh = dz @ wh
            dout = dinp
        for t in range(sl):
            np.add.at(G['iH.weight'], x[:, t], dout[:, t])
        return loss, G, h


def fit(P, nums, model, epochs, lr_max, wd=0.01, bs=64, losses=None):
    if model == 3:
        seqs = [(nums[i:i + 3], nums[i + 3:i + 4]) for i in range(0, len(nums) - 4, 3)]
    else:
        seqs = [(nums[i:i + 16], nums[i + 1:i + 17]) for i in range(0, len(nums) - 17, 16)]
    cut = int(len(seqs) * 0.8)
    trn, val = group_chunks(seqs[:cut], bs), group_chunks(seqs[cut:], bs)
    m = Rnn2(P, 2) if model == 5 else Model(P, model == 3)
    total = epochs * (len(trn) // bs)
    lr_f, mom_f = combined_cos(0.25, lr_max / 25, lr_max, lr_max / 1e5), combined_cos(0.25, 0.95, 0.85, 0.95)
    avg = {k: np.zeros_like(v) for k, v in P.items()}
    sqr = {k: np.zeros_like(v) for k, v in P.items()}
    it, smooth, rows = 0, 0.0, []
    H = P['hO.weight'].shape[1]
    hshape = (2, bs, H) if model == 5 else (bs, H)
    for ep in range(epochs):
        h = np.zeros(hshape, F)
        for x, y in batches(trn, bs):
            lr, mom = lr_f(it / total), mom_f(it / total)
            loss, G, h = m.loss_grad(x, y, h)
            it += 1
            for k, p in P.items():
                if not k.endswith('bias'):
                    p *= F(1 - lr * wd)
                avg[k] = avg[k] * F(mom) + G[k] * F(1 - mom)
                sqr[k] = sqr[k] * F(0.99) + G[k] * G[k] * F(1 - 0.99)
                p -= F(lr / (1 - mom ** it)) * avg[k] / (np.sqrt(sqr[k] / F(1 - 0.99 ** it)) + F(1e-5))
            smooth = 0.98 * smooth + 0.02 * loss
            if losses is not None:
                losses.append(smooth / (1 - 0.98 ** it))
        h = np.zeros(hshape, F)
        tl = ta = n = 0
        for x, y in batches(val, bs):
            outs, h, _ = m.forward(x, h)
            lo, yy = outs.reshape(-1, outs.shape[-1]), y.reshape(-1)
            mx = lo.max(1)
            tl += float((mx + np.log(np.exp(lo - mx[:, None]).sum(1)) - lo[np.arange(len(yy)), yy]).mean()) * len(x)
            ta += float((lo.argmax(1) == yy).mean()) * len(x)
            n += len(x)
        rows.append((ep, smooth / (1 - 0.98 ** it), tl / n, ta / n))
    return rows


def init(V, H, rng, model=4):
    b = 1 / math.sqrt(H)
    if model == 5:
        P = {'iH.weight': rng.standard_normal((V, H)).astype(F)}
        for l in range(2):
            for k, shape in (('weightIh', (H, H)), ('weightHh', (H, H)), ('biasIh', H), ('biasHh', H)):
                P[f'rnn.{k}.{l}'] = rng.uniform(-b, b, shape).astype(F)
        P['hO.weight'] = rng.uniform(-b, b, (V, H)).astype(F)
        P['hO.bias'] = rng.uniform(-b, b, V).astype(F)
        return P
    return {'iH.weight': rng.standard_normal((V, H)).astype(F),
            'hH.weight': rng.uniform(-b, b, (H, H)).astype(F), 'hH.bias': rng.uniform(-b, b, H).astype(F),
            'hO.weight': rng.uniform(-b, b, (V, H)).astype(F), 'hO.bias': rng.uniform(-b, b, V).astype(F)}


def main(argv):
    mirror = os.environ.get('TEXTDIVE_MIRROR') or os.path.join(os.path.dirname(__file__), '..', '..', 'shared', 'datasets')
    V, nums = load(os.path.join(mirror, 'human_numbers'))
    mode, model = argv[1], int(argv[2])
    if model not in (3, 4, 5):
        raise SystemExit('model must be 3, 4 or 5')
    epochs, lr = (10, 3e-3) if model == 3 else (15, 3e-3)
    if mode == 'seeds':
        accs = []
        for s in range(int(argv[3])):
            acc = fit(init(V, 64, np.random.default_rng(s), model), nums, model, epochs, lr)[-1][3]
            accs.append(acc)
            print(f'LMModel{model} numpy seed {s}: final accuracy {acc:.4f}', flush=True)
        print('median %.4f min %.4f max %.4f (%d seeds)' % (np.median(accs), min(accs), max(accs), len(accs)))
    elif mode == 'from':
        d = argv[3]
        shapes = init(V, 64, np.random.default_rng(0), model)
        P = {k: np.loadtxt(os.path.join(d, k + '.txt'), dtype=np.float64).astype(F).reshape(v.shape) for k, v in shapes.items()}
        losses = []
        for r in fit(P, nums, model, epochs, lr, losses=losses):
            print('%d %.6f %.6f %.6f' % r)
        np.savetxt(os.path.join(d, 'reference_losses.txt'), np.array(losses))
    else:
        raise SystemExit(__doc__)


if __name__ == '__main__':
    main(sys.argv)
