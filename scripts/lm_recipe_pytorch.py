"""The PyTorch yardstick for `./textdive bench lm-chapter`: fastbook chapter 12's LMModel1-7, written as
the book writes them, trained with fastai's recipe re-implemented on plain PyTorch (fastai itself is
not installable here), on the same machine, seeds and thread count as the Java benchmark.

  apt-get install python3-torch libopenblas0-openmp   # Debian bookworm: PyTorch 1.13.1, the yardstick's version
  LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp \
  python3 scripts/lm_recipe_pytorch.py [--seeds N] [--first S] [--models 1,4,7] [--threads 2] [--json]

Debian's default OpenBLAS (pthreads) busy-waits between calls and makes these small models about 5x
slower; the OpenMP build above does not (and OpenBLAS 0.3.21 needs OPENBLAS_CORETYPE on CPUs newer than
it knows). `./textdive bench lm-chapter --with-pytorch` runs this script that way in the same invocation
and prints ours / PyTorch per model; `--json` ends the output with one JSON line of every run for it.

Prints a line per run and a table: model, book final accuracy, median (min-max) final validation
accuracy over seeds S..S+N-1, seconds per epoch and ms per training step (medians over the epochs
after the first). Data come from $TEXTDIVE_MIRROR/human_numbers (default ../shared/datasets).

The recipe, as fastai v2 runs it (each point checked against fastai's source):
- data: train.txt + valid.txt lines joined with ' . ', ids in order of first appearance; LMModel1-2 on
  `DataLoaders.from_dsets(seqs[:cut], seqs[cut:], bs=64, shuffle=False)` (drop_last only on train);
  LMModel3-7 on group_chunks of both sets with drop_last=True, shuffle=False; cut = 80 %.
- init: PyTorch's defaults (the book never re-initializes).
- fastai `Adam`: decoupled weight decay `p *= 1 - lr*wd` first (not on Linear biases: wd_bn_bias=False;
  nn.RNN's and nn.LSTM's biases are decayed, since their `bias` attribute is a bool), first moment
  dampened with the scheduled momentum and debiased with it, sqr_mom 0.99, eps 1e-5 after the sqrt.
- `fit_one_cycle`: pct_start 0.25, div 25, div_final 1e5, cosine; moms 0.95/0.85/0.95 (`TextLearner`:
  0.8/0.7/0.8), evaluated at pct = iteration/total before each batch.
- `ModelResetter` before training and validation; `TextLearner` adds `RNNRegularizer(alpha=2, beta=1)`
  (AR on the dropped output, TAR on the raw output, training only).
- accuracy (flattened for sequences) averaged over validation batches weighted by batch size.

Measured November 2026 on this project's machine kind (Debian's PyTorch 1.13.1, 2 threads): seeds 0-2
reproduce the yardstick rows of the engine issue exactly for LMModel1, LMModel2, LMModel5 and LMModel7
(0.462 (0.447-0.491), 0.529 (0.518-0.542), 0.883 (0.862-0.912)); LMModel3, LMModel4 and LMModel6 land
within the seed spread but not on the same values (the yardstick's own script is not available).
Speed is compared only in one run on one machine: `./textdive bench lm-chapter --with-pytorch`.
"""
import argparse
import json
import math
import os
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

# the data pipeline and schedule shared with the NumPy replay
from lm_recipe_reference import combined_cos, group_chunks, load

BS = 64
# name, book final accuracy, epochs, lr, wd, TextLearner (moms 0.8/0.7/0.8 + AR/TAR)
SPECS = {
    1: ('LMModel1', 0.494, 4, 1e-3, 0.01, False),
    2: ('LMModel2', 0.470, 4, 1e-3, 0.01, False),
    3: ('LMModel3', 0.589, 10, 3e-3, 0.01, False),
    4: ('LMModel4', 0.640, 15, 3e-3, 0.01, False),
    5: ('LMModel5', 0.488, 15, 3e-3, 0.01, False),
    6: ('LMModel6', 0.758, 15, 1e-2, 0.01, False),
    7: ('LMModel7', 0.869, 15, 1e-2, 0.1, True),
}


# ---- the book's models ----------------------------------------------------------------------------

class LMModel1(nn.Module):
    def __init__(self, vocab_sz, n_hidden):
        super().__init__()
        self.i_h = nn.Embedding(vocab_sz, n_hidden)
        self.h_h = nn.Linear(n_hidden, n_hidden)
        self.h_o = nn.Linear(n_hidden, vocab_sz)

    def forward(self, x):
        h = F.relu(self.h_h(self.i_h(x[:, 0])))
        h = h + self.i_h(x[:, 1])
        h = F.relu(self.h_h(h))
        h = h + self.i_h(x[:, 2])
        h = F.relu(self.h_h(h))
        return self.h_o(h)


class LMModel2(LMModel1):
    def forward(self, x):
        h = 0
        for i in range(3):
            h = h + self.i_h(x[:, i])
            h = F.relu(self.h_h(h))
        return self.h_o(h)


class LMModel3(LMModel1):
    def __init__(self, vocab_sz, n_hidden):
        super().__init__(vocab_sz, n_hidden)
        self.h = 0

    def forward(self, x):
        for i in range(3):
            self.h = self.h + self.i_h(x[:, i])
            self.h = F.relu(self.h_h(self.h))
        out = self.h_o(self.h)
        self.h = self.h.detach()
        return out

    def reset(self):
        self.h = 0


class LMModel4(LMModel3):
    def forward(self, x):
        outs = []
        for i in range(x.shape[1]):
            self.h = self.h + self.i_h(x[:, i])
            self.h = F.relu(self.h_h(self.h))
            outs.append(self.h_o(self.h))
        self.h = self.h.detach()
        return torch.stack(outs, dim=1)


class LMModel5(nn.Module):
    def __init__(self, vocab_sz, n_hidden, n_layers):
        super().__init__()
        self.i_h = nn.Embedding(vocab_sz, n_hidden)
        self.rnn = nn.RNN(n_hidden, n_hidden, n_layers, batch_first=True)
        self.h_o = nn.Linear(n_hidden, vocab_sz)
        self.h = torch.zeros(n_layers, BS, n_hidden)

    def forward(self, x):
        res, h = self.rnn(self.i_h(x), self.h)
        self.h = h.detach()
        return self.h_o(res)

    def reset(self):
        self.h.zero_()


class LMModel6(nn.Module):
    def __init__(self, vocab_sz, n_hidden, n_layers):
        super().__init__()
        self.i_h = nn.Embedding(vocab_sz, n_hidden)
        self.rnn = nn.LSTM(n_hidden, n_hidden, n_layers, batch_first=True)
        self.h_o = nn.Linear(n_hidden, vocab_sz)
        self.h = [torch.zeros(n_layers, BS, n_hidden) for _ in range(2)]

    def forward(self, x):
        res, h = self.rnn(self.i_h(x), self.h)
        self.h = [h_.detach() for h_ in h]
        return self.h_o(res)

    def reset(self):
        for h in self.h:
            h.zero_()


class LMModel7(LMModel6):
    def __init__(self, vocab_sz, n_hidden, n_layers, p):
        super().__init__(vocab_sz, n_hidden, n_layers)
        self.drop = nn.Dropout(p)
        self.h_o.weight = self.i_h.weight

    def forward(self, x):
        raw, h = self.rnn(self.i_h(x), self.h)
        out = self.drop(raw)
        self.h = [h_.detach() for h_ in h]
        return self.h_o(out), raw, out


def make_model(m, vocab):
    return {1: lambda: LMModel1(vocab, 64), 2: lambda: LMModel2(vocab, 64), 3: lambda: LMModel3(vocab, 64),
            4: lambda: LMModel4(vocab, 64), 5: lambda: LMModel5(vocab, 64, 2), 6: lambda: LMModel6(vocab, 64, 2),
            7: lambda: LMModel7(vocab, 64, 2, 0.4)}[m]()


# ---- data -----------------------------------------------------------------------------------------

def batches(ds, bs, drop_last):
    n = len(ds) // bs if drop_last else math.ceil(len(ds) / bs)
    for k in range(n):
        chunk = ds[k * bs:(k + 1) * bs]
        yield torch.stack([c[0] for c in chunk]), torch.stack([c[1] for c in chunk])


def datasets(m, nums):
    if m <= 3:
        seqs = [(nums[i:i + 3], nums[i + 3]) for i in range(0, len(nums) - 4, 3)]
    else:
        seqs = [(nums[i:i + 16], nums[i + 1:i + 17]) for i in range(0, len(nums) - 17, 16)]
    cut = int(len(seqs) * 0.8)
    if m <= 2:
        return seqs[:cut], seqs[cut:], False
    return group_chunks(seqs[:cut], BS), group_chunks(seqs[cut:], BS), True


# ---- fastai's recipe ------------------------------------------------------------------------------

class FastaiAdam:
    def __init__(self, model, wd):
        linear_biases = {id(mod.bias) for mod in model.modules() if isinstance(getattr(mod, 'bias', None), torch.Tensor)}
        self.params = [(p, id(p) not in linear_biases) for p in model.parameters()]
        self.wd, self.state = wd, {}

    @torch.no_grad()
    def step(self, lr, mom, sqr_mom=0.99, eps=1e-5):
        for p, do_wd in self.params:
            if p.grad is None:
                continue
            if do_wd and self.wd:
                p.mul_(1 - lr * self.wd)
            st = self.state.setdefault(p, {'avg': torch.zeros_like(p), 'sqr': torch.zeros_like(p), 'step': 0})
            st['avg'].mul_(mom).add_(p.grad, alpha=1 - mom)
            st['sqr'].mul_(sqr_mom).addcmul_(p.grad, p.grad, value=1 - sqr_mom)
            st['step'] += 1
            debias1, debias2 = 1 - mom ** st['step'], 1 - sqr_mom ** st['step']
            p.addcdiv_(st['avg'], (st['sqr'] / debias2).sqrt() + eps, value=-lr / debias1)

    def zero_grad(self):
        for p, _ in self.params:
            p.grad = None


def reset(model):
    if hasattr(model, 'reset'):
        model.reset()


def fit_one_cycle(model, trn, val, drop_last, epochs, lr_max, wd, text_learner):
    opt = FastaiAdam(model, wd)
    moms = (0.8, 0.7, 0.8) if text_learner else (0.95, 0.85, 0.95)
    lr_f = combined_cos(0.25, lr_max / 25, lr_max, lr_max / 1e5)
    mom_f = combined_cos(0.25, moms[0], moms[1], moms[2])
    n_batches = len(trn) // BS  # the training loader always drops its last partial batch
    total, it, rows = epochs * n_batches, 0, []
    for _ in range(epochs):
        t0 = time.perf_counter()
        model.train()
        reset(model)
        for x, y in batches(trn, BS, True):
            lr, mom = lr_f(it / total), mom_f(it / total)
            pred = model(x)
            extra = 0
            if text_learner:
                pred, raw, dropped = pred
                extra = 2 * dropped.float().pow(2).mean() + 1 * (raw[:, 1:] - raw[:, :-1]).float().pow(2).mean()
            loss = F.cross_entropy(pred.reshape(-1, pred.shape[-1]), y.reshape(-1)) + extra
            loss.backward()
            opt.step(lr, mom)
            opt.zero_grad()
            it += 1
        t_train = time.perf_counter() - t0
        model.eval()
        reset(model)
        acc = n = 0
        with torch.no_grad():
            for x, y in batches(val, BS, drop_last):
                pred = model(x)
                if text_learner:
                    pred = pred[0]
                acc += float((pred.argmax(-1) == y).float().mean()) * len(x)
                n += len(x)
        reset(model)
        rows.append((acc / n, time.perf_counter() - t0, t_train / n_batches))
    return rows


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--seeds', type=int, default=5)
    ap.add_argument('--first', type=int, default=0)
    ap.add_argument('--models', default='1,2,3,4,5,6,7')
    ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--json', action='store_true', help='end with one JSON line of every run')
    a = ap.parse_args(argv[1:])
    torch.set_num_threads(a.threads)
    torch.set_num_interop_threads(a.threads)
    mirror = os.environ.get('TEXTDIVE_MIRROR') or os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..', 'shared', 'datasets')
    vocab_sz, nums = load(os.path.join(mirror, 'human_numbers'))
    nums = torch.from_numpy(nums)
    print(f'PyTorch {torch.__version__}, {a.threads} threads, vocab {vocab_sz}, {len(nums)} tokens', flush=True)
    table, runs = [], []
    for m in (int(s) for s in a.models.split(',')):
        name, book, epochs, lr, wd, text = SPECS[m]
        trn, val, drop_last = datasets(m, nums)
        accs, secs, steps = [], [], []
        for seed in range(a.first, a.first + a.seeds):
            torch.manual_seed(seed)
            rows = fit_one_cycle(make_model(m, vocab_sz), trn, val, drop_last, epochs, lr, wd, text)
            accs.append(rows[-1][0])
            secs.append(statistics.median(r[1] for r in rows[1:]))
            steps.append(statistics.median(r[2] for r in rows[1:]) * 1000)
            print(f'  {name} seed {seed}: final accuracy {accs[-1]:.4f}, {secs[-1]:.2f} s/epoch, {steps[-1]:.2f} ms/step', flush=True)
            runs.append({'model': name, 'seed': seed, 'accuracy': accs[-1], 's_per_epoch': secs[-1], 'ms_per_step': steps[-1]})
        table.append(f'| {name} | {book:.3f} | {statistics.median(accs):.3f} ({min(accs):.3f}-{max(accs):.3f}) '
                     f'| {statistics.median(secs):.2f} | {statistics.median(steps):.1f} |')
    print()
    print(f'(seeds {a.first}-{a.first + a.seeds - 1}; s/epoch and ms/step: medians over the epochs after the first)')
    print('| model | book final | PyTorch median (min-max) | PyTorch s/epoch | PyTorch ms/step |')
    print('|---|---|---|---|---|')
    print('\n'.join(table))
    if a.json:
        print(json.dumps({'framework': 'pytorch ' + torch.__version__, 'threads': torch.get_num_threads(), 'runs': runs}))


if __name__ == '__main__':
    main(sys.argv)
