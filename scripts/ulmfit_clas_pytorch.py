"""The PyTorch yardstick for the ULMFiT classifier's training speed (issue 13, "Throughput"): fastai v2's text
classifier (`get_text_classifier` with AWD_LSTM, text/models/core.py) trained as `text_classifier_learner` trains
it, in plain PyTorch (fastai is not installable here; Debian's python3-torch 1.13):

- `SentenceEncoder` (BPT3C): a batch of reviews is read in chunks of `--seq` tokens with the LSTM state carried
  (detached) from chunk to chunk; each chunk runs only the `real_bs` rows whose token at the chunk's start is not
  padding (the rows are sorted longest first, as SortedDL sorts them), the hidden state following that batch size
  as AWD_LSTM's does; the outputs of the chunks with `sl - i <= max_len` are kept and padded back to the batch size;
- `masked_concat_pool`: [last, max, mean] over the non-padding positions;
- `PoolingLinearClassifier`: fastai's `LinBnDrop` blocks (BatchNorm1d with weight 1 and bias 1e-3, Dropout, Linear
  without bias, ReLU between), sizes [3 * emb, 50, classes], dropouts [output_p * drop_mult, 0.1];
- awd_lstm_clas_config's dropouts (output_p 0.4, hidden_p 0.3, input_p 0.4, embed_p 0.05, weight_p 0.5) times
  `--drop-mult` (text_classifier_learner's default 0.5);
- the loss: cross-entropy plus RNNRegularizer's AR (alpha 2) and TAR (beta 1), both on the encoder's padded
  outputs, as fastai passes (x, out, out); then fastai's Adam (no weight decay on biases and BatchNorm).

The AWD-LSTM pieces (AwdLstm, RNNDropout, WeightDropout, EmbeddingDropout, FastaiAdam) are the language-model
yardstick's, imported from awd_lm_pytorch.py.

  python3 scripts/ulmfit_clas_pytorch.py --vocab 60000 --emb 400 --hid 1152 --layers 3 --bs 128 --seq 72 --chunks 4

Batches: random token ids (the speed of a step does not depend on the text), `--chunks` chunks of `--seq` tokens
long. `--lengths full` (the default) makes every review of the batch that long: SortishSampler batches reviews of
similar length, so a batch is close to all full, and this is the layout the Java benchmark must use to compare.
`--lengths uniform` makes the first review chunks * seq long and draws the others' lengths uniformly from 1 to
chunks * seq (seeded, the same draw every step), sorts them longest first and pads them as fastai's
`pad_input_chunk` does (whole chunks of padding first, the rest at the end): it runs the `real_bs` and masking paths.
The batch stays a whole number of chunks long, as textdive pads it (fastai's masked_concat_pool expects that too:
with a shorter last chunk it takes the "last" output of some rows one position early). tokens_per_s counts the
non-padding tokens of a batch.

Prints one JSON line: seconds per training step (median over the steps after the first, which warms up), tokens
per second and peak RSS, like awd_lm_pytorch.py. Run it with OpenBLAS's OpenMP build
(`LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp`; on a CPU OpenBLAS 0.3.21 does not know, such as a
Sapphire Rapids, also `OPENBLAS_CORETYPE=SapphireRapids`); textdive.bench.PyTorchYardstick sets both.
"""
import argparse
import json
import os
import resource
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from awd_lm_pytorch import AwdLstm, FastaiAdam  # noqa: E402  (RNNDropout, WeightDropout, EmbeddingDropout inside)

PAD = 1


class ClasAwdLstm(AwdLstm):
    """AWD_LSTM as the classifier drives it: `reset()` zeroes the state, and when a chunk has fewer (or more) rows
    than the state, the state is cut to the first rows (or grown with zero rows), as AWD_LSTM._change_hidden does."""

    def reset(self):
        self.hidden = [tuple(torch.zeros_like(t) for t in h) for h in self.hidden]

    def forward(self, x):
        bs, cur = x.size(0), self.hidden[0][0].size(1)
        if bs < cur:
            self.hidden = [tuple(t[:, :bs].contiguous() for t in h) for h in self.hidden]
        elif bs > cur:
            self.hidden = [tuple(torch.cat([t, t.new_zeros(t.size(0), bs - cur, t.size(2))], dim=1) for t in h)
                           for h in self.hidden]
        return super().forward(x)


def pad_rows(t, bs):
    """Zero rows appended up to bs (fastai's _pad_tensor)."""
    return torch.cat([t, t.new_zeros(bs - t.size(0), *t.shape[1:])]) if t.size(0) < bs else t


class SentenceEncoder(nn.Module):
    def __init__(self, bptt, module, pad_idx=PAD, max_len=None):
        super().__init__()
        self.bptt, self.module, self.pad_idx, self.max_len = bptt, module, pad_idx, max_len

    def forward(self, ids):
        bs, sl = ids.size()
        self.module.reset()
        mask = ids == self.pad_idx
        outs, masks = [], []
        for i in range(0, sl, self.bptt):
            real_bs = int((ids[:, i] != self.pad_idx).long().sum())
            o = self.module(ids[:real_bs, i:min(i + self.bptt, sl)])
            if self.max_len is None or sl - i <= self.max_len:
                outs.append(o)
                masks.append(mask[:, i:min(i + self.bptt, sl)])
        return torch.cat([pad_rows(o, bs) for o in outs], dim=1), torch.cat(masks, dim=1)


def masked_concat_pool(output, mask, bptt):
    """[the last non-padding output, max and mean over the non-padding positions] of each row."""
    lens = output.size(1) - mask.long().sum(dim=1)
    last_lens = mask[:, -bptt:].long().sum(dim=1)
    avg = output.masked_fill(mask[:, :, None], 0).sum(dim=1) / lens.to(output.dtype)[:, None]
    mx = output.masked_fill(mask[:, :, None], -float('inf')).max(dim=1)[0]
    last = output[torch.arange(output.size(0)), -last_lens - 1]
    return torch.cat([last, mx, avg], 1)


def batch_norm_1d(n):
    """fastai's BatchNorm(n, ndim=1): weight 1, bias 1e-3."""
    bn = nn.BatchNorm1d(n)
    bn.weight.data.fill_(1.)
    bn.bias.data.fill_(1e-3)
    return bn


def lin_bn_drop(n_in, n_out, p, act):
    """fastai's LinBnDrop(n_in, n_out, bn=True, p, act): BatchNorm1d, Dropout (when p > 0), Linear without bias, act."""
    layers = [batch_norm_1d(n_in)] + ([nn.Dropout(p)] if p != 0 else []) + [nn.Linear(n_in, n_out, bias=False)]
    return nn.Sequential(*(layers + ([act] if act is not None else [])))


class PoolingLinearClassifier(nn.Module):
    def __init__(self, dims, ps, bptt):
        super().__init__()
        acts = [nn.ReLU(inplace=True)] * (len(dims) - 2) + [None]
        self.layers = nn.Sequential(*[lin_bn_drop(i, o, p, a) for i, o, p, a in zip(dims[:-1], dims[1:], ps, acts)])
        self.bptt = bptt

    def forward(self, inp):
        out, mask = inp
        return self.layers(masked_concat_pool(out, mask, self.bptt)), out, out


def text_classifier(a):
    """get_text_classifier(AWD_LSTM, vocab, classes, seq_len, awd_lstm_clas_config, drop_mult, max_len)."""
    m = a.drop_mult
    enc = ClasAwdLstm(a.vocab, a.emb, a.hid, a.layers, a.bs, pad=PAD, hidden_p=0.3 * m, input_p=0.4 * m,
                      embed_p=0.05 * m, weight_p=0.5 * m)
    head = PoolingLinearClassifier([3 * a.emb, 50, a.classes], [0.4 * m, 0.1], a.seq)
    return nn.Sequential(SentenceEncoder(a.seq, enc, max_len=a.max_len), head)


def review_lengths(a, g):
    full = a.chunks * a.seq
    if a.lengths == 'full':
        return [full] * a.bs
    # the longest review is full length, so that the batch is chunks * seq long, as the Java side pads
    return [full] + sorted(torch.randint(1, full + 1, (a.bs - 1,), generator=g).tolist(), reverse=True)


def batch(a, lengths, g):
    """Random reviews of these lengths, padded as pad_input_chunk pads them (pad_first, seq_len chunks)."""
    sl = max(lengths)
    rows = []
    for n in lengths:
        x = torch.randint(2, a.vocab, (n,), generator=g)
        pad = sl - n
        rows.append(torch.cat([x.new_full(((pad // a.seq) * a.seq,), PAD), x, x.new_full((pad % a.seq,), PAD)]))
    return torch.stack(rows), torch.randint(0, a.classes, (len(lengths),), generator=g)


def check_padding():
    """The yardstick's own check (--check): in eval mode, each review of a padded, mixed-length batch gets the
    logits it gets alone, so real_bs, the carried state, the kept chunks and the masked pooling ignore padding."""
    a = argparse.Namespace(vocab=50, emb=8, hid=12, layers=2, bs=6, seq=4, chunks=3, max_len=8, classes=2,
                           drop_mult=0.5, lengths='uniform')
    torch.manual_seed(0)
    model = text_classifier(a).eval()
    g = torch.Generator().manual_seed(1)
    lengths = review_lengths(a, g)
    x, _ = batch(a, lengths, g)
    worst = 0.
    with torch.no_grad():
        together = model(x)[0]
        for i, n in enumerate(lengths):
            alone = model(x[i][x[i] != PAD].unsqueeze(0))[0]
            worst = max(worst, (together[i] - alone[0]).abs().max().item())
    ok = worst < 1e-6
    print(json.dumps({'check': 'padding', 'lengths': lengths, 'max_abs_diff': worst, 'ok': ok}))
    return ok


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--vocab', type=int, default=60000)
    ap.add_argument('--emb', type=int, default=400)
    ap.add_argument('--hid', type=int, default=1152)
    ap.add_argument('--layers', type=int, default=3)
    ap.add_argument('--bs', type=int, default=128)
    ap.add_argument('--seq', type=int, default=72, help='chunk length (BPTT)')
    ap.add_argument('--chunks', type=int, default=4, help='review length in chunks of --seq tokens')
    ap.add_argument('--lengths', choices=['full', 'uniform'], default='full',
                    help='full: every review chunks * seq tokens; uniform: lengths drawn from 1..chunks * seq')
    ap.add_argument('--max-len', type=int, default=72 * 20, help='outputs kept for the last max_len tokens')
    ap.add_argument('--classes', type=int, default=2)
    ap.add_argument('--steps', type=int, default=4)
    ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--drop-mult', type=float, default=0.5)
    ap.add_argument('--check', action='store_true', help='only check that padding changes no review\'s logits')
    a = ap.parse_args()
    if a.check:
        sys.exit(0 if check_padding() else 1)
    for name in ('vocab', 'emb', 'hid', 'layers', 'bs', 'seq', 'chunks', 'max_len', 'classes', 'steps', 'threads'):
        if getattr(a, name) < 1:
            ap.error('--%s must be at least 1, not %d' % (name.replace('_', '-'), getattr(a, name)))
    if a.vocab < 3:
        ap.error('--vocab must be at least 3 (0 unknown, 1 padding, then words), not %d' % a.vocab)
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    model = text_classifier(a).train()
    opt = FastaiAdam(model)
    g = torch.Generator().manual_seed(0)
    lengths = review_lengths(a, g)
    times = []
    for _ in range(a.steps):
        x, y = batch(a, lengths, g)
        t0 = time.perf_counter()
        logits, raw, out = model(x)
        loss = F.cross_entropy(logits, y)
        loss = loss + 2.0 * out.float().pow(2).mean() + 1.0 * (raw[:, 1:] - raw[:, :-1]).float().pow(2).mean()
        loss.backward()
        opt.step(1e-3, 0.8)
        opt.zero_grad()
        times.append(time.perf_counter() - t0)
    step = statistics.median(times[1:]) if len(times) > 1 else times[0]
    tokens = sum(lengths)
    print(json.dumps({'framework': 'pytorch ' + torch.__version__, 'threads': torch.get_num_threads(),
                      'params': sum(p.numel() for p in model.parameters()), 'step_s': step,
                      'tokens_per_s': tokens / step, 'steps_s': times, 'tokens_per_step': tokens,
                      'lengths': a.lengths, 'loss': float(loss),
                      'peak_rss_gb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024}))


if __name__ == '__main__':
    main()
