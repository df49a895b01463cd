"""The PyTorch yardstick of `./textdive bench awd-lm`: fastai's AWD-LSTM language model (text/models/awdlstm.py
and core.py: EmbeddingDropout, RNNDropout on the input and between layers, WeightDropout on each LSTM's
hidden-to-hidden weights, a LinearDecoder with output dropout tied to the embedding), trained as
`language_model_learner` trains it: flattened cross-entropy plus RNNRegularizer's AR (alpha 2, on the dropped
output) and TAR (beta 1, on the raw output), then fastai's Adam with decoupled weight decay. Plain PyTorch
(fastai is not installable here), Debian's python3-torch 1.13.

  python3 scripts/awd_lm_pytorch.py --vocab 60000 --emb 400 --hid 1152 --layers 3 --bs 64 --seq 72 --steps 4

Prints one JSON line: seconds per training step (median over the steps after the first, which warms up),
tokens per second and peak RSS. Random token ids: the speed of a step does not depend on the text.
Run it with OpenBLAS's OpenMP build (`LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-openmp`): the
default pthread build busy-waits and makes PyTorch about 5x slower on 2 cores. `./textdive bench awd-lm`
does that itself.
"""
import argparse
import json
import resource
import statistics
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def dropout_mask(x, sz, p):
    return x.new_empty(*sz).bernoulli_(1 - p).div_(1 - p)


class RNNDropout(nn.Module):
    def __init__(self, p):
        super().__init__()
        self.p = p

    def forward(self, x):
        if not self.training or self.p == 0.:
            return x
        return x * dropout_mask(x.data, (x.size(0), 1, *x.shape[2:]), self.p)


class WeightDropout(nn.Module):
    """DropConnect on an LSTM's weight_hh_l0: the raw weight is the parameter, a dropped copy is set on the LSTM
    before every forward (RNNBase.__setattr__ keeps its flat weight list in sync)."""

    def __init__(self, module, weight_p):
        super().__init__()
        self.module, self.weight_p = module, weight_p
        w = getattr(module, 'weight_hh_l0')
        delattr(module, 'weight_hh_l0')
        self.register_parameter('weight_hh_l0_raw', nn.Parameter(w.data))
        setattr(module, 'weight_hh_l0', w.clone())
        module.flatten_parameters = lambda: None

    def forward(self, *args):
        raw = self.weight_hh_l0_raw
        setattr(self.module, 'weight_hh_l0', F.dropout(raw, p=self.weight_p) if self.training else raw.clone())
        return self.module(*args)


class EmbeddingDropout(nn.Module):
    def __init__(self, emb, embed_p):
        super().__init__()
        self.emb, self.embed_p = emb, embed_p

    def forward(self, words):
        w = self.emb.weight
        if self.training and self.embed_p != 0:
            w = w * dropout_mask(w.data, (w.size(0), 1), self.embed_p)
        return F.embedding(words, w, self.emb.padding_idx)


class AwdLstm(nn.Module):
    def __init__(self, vocab, emb, hid, layers, bs, pad=1, hidden_p=0.15, input_p=0.25, embed_p=0.02, weight_p=0.2):
        super().__init__()
        self.encoder = nn.Embedding(vocab, emb, padding_idx=pad)
        self.encoder_dp = EmbeddingDropout(self.encoder, embed_p)
        sizes = [emb] + [hid] * (layers - 1) + [emb]
        self.rnns = nn.ModuleList([WeightDropout(nn.LSTM(sizes[l], sizes[l + 1], 1, batch_first=True), weight_p)
                                   for l in range(layers)])
        self.encoder.weight.data.uniform_(-0.1, 0.1)
        self.input_dp = RNNDropout(input_p)
        self.hidden_dps = nn.ModuleList([RNNDropout(hidden_p) for _ in range(layers)])
        self.hidden = [(torch.zeros(1, bs, sizes[l + 1]), torch.zeros(1, bs, sizes[l + 1])) for l in range(layers)]

    def forward(self, x):
        out = self.input_dp(self.encoder_dp(x))
        new = []
        for l, (rnn, dp) in enumerate(zip(self.rnns, self.hidden_dps)):
            out, h = rnn(out, self.hidden[l])
            new.append(tuple(t.detach() for t in h))
            if l != len(self.rnns) - 1:
                out = dp(out)
        self.hidden = new
        return out


class LinearDecoder(nn.Module):
    def __init__(self, vocab, emb, output_p, tie):
        super().__init__()
        self.decoder = nn.Linear(emb, vocab)
        self.decoder.weight.data.uniform_(-0.1, 0.1)
        self.decoder.bias.data.zero_()
        self.output_dp = RNNDropout(output_p)
        self.decoder.weight = tie.weight

    def forward(self, x):
        dropped = self.output_dp(x)
        return self.decoder(dropped), x, dropped


class FastaiAdam:
    """fastai's Adam: decoupled weight decay first, debiased moments, eps after the sqrt. As fastai's default
    wd_bn_bias=False, no weight decay on the biases of Linear layers nor on BatchNorm's weight and bias."""

    def __init__(self, model, wd=0.01, sqr_mom=0.99, eps=1e-5):
        no_wd = {id(m.bias) for m in model.modules() if isinstance(m, nn.Linear) and m.bias is not None}
        no_wd |= {id(p) for m in model.modules() if isinstance(m, nn.modules.batchnorm._BatchNorm) for p in m.parameters()}
        self.params = [(p, id(p) not in no_wd) for p in model.parameters()]
        self.wd, self.sqr_mom, self.eps, self.step_n, self.state = wd, sqr_mom, eps, 0, {}

    @torch.no_grad()
    def step(self, lr, mom):
        self.step_n += 1
        for p, do_wd in self.params:
            if p.grad is None:
                continue
            if do_wd:
                p.mul_(1 - lr * self.wd)
            avg, sqr = self.state.setdefault(id(p), (torch.zeros_like(p), torch.zeros_like(p)))
            avg.mul_(mom).add_(p.grad, alpha=1 - mom)
            sqr.mul_(self.sqr_mom).addcmul_(p.grad, p.grad, value=1 - self.sqr_mom)
            d1, d2 = 1 - mom ** self.step_n, 1 - self.sqr_mom ** self.step_n
            p.addcdiv_(avg, (sqr / d2).sqrt_().add_(self.eps), value=-lr / d1)

    def zero_grad(self):
        for p, _ in self.params:
            p.grad = None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--vocab', type=int, default=60000)
    ap.add_argument('--emb', type=int, default=400)
    ap.add_argument('--hid', type=int, default=1152)
    ap.add_argument('--layers', type=int, default=3)
    ap.add_argument('--bs', type=int, default=64)
    ap.add_argument('--seq', type=int, default=72)
    ap.add_argument('--steps', type=int, default=4)
    ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--drop-mult', type=float, default=0.3)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(0)
    m = a.drop_mult
    enc = AwdLstm(a.vocab, a.emb, a.hid, a.layers, a.bs, hidden_p=0.15 * m, input_p=0.25 * m, embed_p=0.02 * m,
                  weight_p=0.2 * m)
    dec = LinearDecoder(a.vocab, a.emb, 0.1 * m, enc.encoder)
    model = nn.Sequential(enc, dec).train()
    opt = FastaiAdam(model)
    g = torch.Generator().manual_seed(0)
    times = []
    for _ in range(a.steps):
        x = torch.randint(0, a.vocab, (a.bs, a.seq), generator=g)
        y = torch.randint(0, a.vocab, (a.bs, a.seq), generator=g)
        t0 = time.perf_counter()
        logits, raw, dropped = model(x)
        loss = F.cross_entropy(logits.view(-1, a.vocab), y.view(-1))
        loss = loss + 2.0 * dropped.float().pow(2).mean() + 1.0 * (raw[:, 1:] - raw[:, :-1]).float().pow(2).mean()
        loss.backward()
        opt.step(1e-3, 0.8)
        opt.zero_grad()
        times.append(time.perf_counter() - t0)
    step = statistics.median(times[1:]) if len(times) > 1 else times[0]
    print(json.dumps({'framework': 'pytorch ' + torch.__version__, 'threads': torch.get_num_threads(),
                      'params': sum(p.numel() for p in model.parameters()), 'step_s': step,
                      'tokens_per_s': a.bs * a.seq / step, 'steps_s': times,
                      'peak_rss_gb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024}))


if __name__ == '__main__':
    main()
