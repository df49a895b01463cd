"""Writes the PyTorch fixtures of textdive's tests (lib/src/test/resources/textdive/io/torch/), with Debian's
python3-torch. The test suite itself never needs PyTorch: these small files are committed.

  /usr/bin/python3 scripts/make_torch_fixtures.py

- awd_tiny_v2.pth: the state dict of fastai's language model (SequentialRNN(AWD_LSTM, LinearDecoder), vocab 12,
  emb 4, n_hid 6, 3 layers, tied, with an output bias) under fastai v2's names, in the zip format;
- awd_tiny_v1_legacy.pth: the same weights as fastai v1 saved them ({'model': ..., 'opt': ...}, with the extra
  '0.rnns.N.module.weight_hh_l0' copies that clean_raw_keys drops), in torch.save's legacy (non-zip) format;
- awd_tiny_itos.pkl: the vocab as fastai pickles it (a list of strings);
- awd_tiny_expected.json: token ids of two consecutive (2, 5) batches and the logits PyTorch computes for them in
  evaluation mode from a reset state (the second batch continues the first one's hidden state);
- awd_other_sizes.pth: fastai's names, but n_hid 5 (a checkpoint for another configuration);
- plain_lstm.pth: a state dict of another architecture (embedding, nn.LSTM, linear);
- evil_*.pkl / evil_*.pth: pickles that name Python code (os.system, builtins.eval, subprocess.Popen); each would
  create /tmp/textdive-pwned-<name> if a loader ran it.
"""
import io
import json
import os
import pickle
import zipfile
from collections import OrderedDict

import torch
import torch.nn as nn
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(__file__), '..', 'lib', 'src', 'test', 'resources', 'textdive', 'io', 'torch')
VOCAB = ['xxunk', 'xxpad', 'xxbos', 'xxeos', 'xxfld', 'xxrep', 'xxwrep', 'xxup', 'xxmaj', 'the', 'movie', 'good']


def awd_state(vocab, emb, hid, layers, seed):
    """fastai's AWD_LSTM + LinearDecoder weights, initialised as fastai does, under fastai v2's state-dict names."""
    torch.manual_seed(seed)
    sd = OrderedDict()
    enc = torch.empty(vocab, emb).uniform_(-0.1, 0.1)
    sd['0.encoder.weight'] = enc
    sd['0.encoder_dp.emb.weight'] = enc
    sizes = [emb] + [hid] * (layers - 1) + [emb]
    for l in range(layers):
        lstm = nn.LSTM(sizes[l], sizes[l + 1], 1, batch_first=True)
        sd[f'0.rnns.{l}.weight_hh_l0_raw'] = lstm.weight_hh_l0.data.clone()
        sd[f'0.rnns.{l}.module.weight_ih_l0'] = lstm.weight_ih_l0.data.clone()
        sd[f'0.rnns.{l}.module.bias_ih_l0'] = lstm.bias_ih_l0.data.clone()
        sd[f'0.rnns.{l}.module.bias_hh_l0'] = lstm.bias_hh_l0.data.clone()
    sd['1.decoder.weight'] = enc
    sd['1.decoder.bias'] = torch.randn(vocab) * 0.1
    return sd


def forward(sd, x, hidden, layers):
    """fastai's AWD-LSTM language model in evaluation mode (no dropout) on ids x (bs, sl)."""
    out = F.embedding(x, sd['0.encoder.weight'])
    new = []
    for l in range(layers):
        w = [sd[f'0.rnns.{l}.module.weight_ih_l0'], sd[f'0.rnns.{l}.weight_hh_l0_raw'],
             sd[f'0.rnns.{l}.module.bias_ih_l0'], sd[f'0.rnns.{l}.module.bias_hh_l0']]
        out, h, c = torch._VF.lstm(out, hidden[l], w, True, 1, 0.0, False, False, True)
        new.append((h, c))
    return F.linear(out, sd['1.decoder.weight'], sd['1.decoder.bias']), new


class Evil:
    def __init__(self, fn, arg):
        self.fn, self.arg = fn, arg

    def __reduce__(self):
        return self.fn, (self.arg,)


def marker(name):
    return f'touch /tmp/textdive-pwned-{name}'


def main():
    os.makedirs(OUT, exist_ok=True)
    vocab, emb, hid, layers = len(VOCAB), 4, 6, 3
    sd = awd_state(vocab, emb, hid, layers, seed=7)
    torch.save(sd, os.path.join(OUT, 'awd_tiny_v2.pth'))

    # fastai v1 kept the dropped copy in the LSTM's own parameters, right after weight_ih_l0
    v1 = OrderedDict()
    for k, t in sd.items():
        v1[k] = t
        if k.endswith('.module.weight_ih_l0'):
            v1[k.replace('weight_ih_l0', 'weight_hh_l0')] = sd[k.replace('module.weight_ih_l0', 'weight_hh_l0_raw')].clone()
    torch.save({'model': v1, 'opt': {'state': {}, 'param_groups': [{'lr': 0.001}]}}, os.path.join(OUT, 'awd_tiny_v1_legacy.pth'),
               _use_new_zipfile_serialization=False)

    with open(os.path.join(OUT, 'awd_tiny_itos.pkl'), 'wb') as f:
        pickle.dump(VOCAB, f, protocol=2)

    g = torch.Generator().manual_seed(1)
    sizes = [emb] + [hid] * (layers - 1) + [emb]
    hidden = [(torch.zeros(1, 2, sizes[l + 1]), torch.zeros(1, 2, sizes[l + 1])) for l in range(layers)]
    batches, logits = [], []
    with torch.no_grad():
        for _ in range(2):
            x = torch.randint(0, vocab, (2, 5), generator=g)
            y, hidden = forward(sd, x, hidden, layers)
            batches.append(x.flatten().tolist())
            logits.append([float(v) for v in y.flatten().tolist()])
    with open(os.path.join(OUT, 'awd_tiny_expected.json'), 'w') as f:
        json.dump({'torch': torch.__version__, 'vocab': vocab, 'emb': emb, 'hid': hid, 'layers': layers, 'bs': 2, 'sl': 5,
                   'batches': batches, 'logits': logits}, f, indent=1)

    torch.save(awd_state(vocab, emb, 5, layers, seed=8), os.path.join(OUT, 'awd_other_sizes.pth'))

    class Plain(nn.Module):
        def __init__(self):
            super().__init__()
            self.i_h = nn.Embedding(vocab, 4)
            self.rnn = nn.LSTM(4, 4, 2, batch_first=True)
            self.h_o = nn.Linear(4, vocab)

    torch.manual_seed(9)
    torch.save(Plain().state_dict(), os.path.join(OUT, 'plain_lstm.pth'))

    # hostile files: a loader that ran them would leave the marker files behind
    with open(os.path.join(OUT, 'evil_system.pkl'), 'wb') as f:
        pickle.dump(Evil(os.system, marker('system')), f, protocol=2)
    with open(os.path.join(OUT, 'evil_eval.pkl'), 'wb') as f:
        pickle.dump([Evil(eval, "__import__('os').system('" + marker('eval') + "')")], f, protocol=4)
    with open(os.path.join(OUT, 'evil_global_value.pkl'), 'wb') as f:
        pickle.dump({'f': os.system}, f, protocol=2)
    import subprocess
    torch.save(OrderedDict([('0.encoder.weight', sd['0.encoder.weight']),
                            ('hook', Evil(subprocess.Popen, ['sh', '-c', marker('popen')]))]),
               os.path.join(OUT, 'evil_nested.pth'))
    torch.save({'model': Evil(os.system, marker('legacy'))}, os.path.join(OUT, 'evil_legacy.pth'),
               _use_new_zipfile_serialization=False)
    # a torch.save archive whose data.pkl is replaced by a pickle calling builtins.exec
    buf = io.BytesIO()
    torch.save(sd, buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    with zipfile.ZipFile(os.path.join(OUT, 'evil_exec.pth'), 'w', zipfile.ZIP_STORED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename.endswith('/data.pkl'):
                data = pickle.dumps(Evil(exec, "import os; os.system('" + marker('exec') + "')"), protocol=2)
            dst.writestr(info, data)
    for name in sorted(os.listdir(OUT)):
        print(f'{os.path.getsize(os.path.join(OUT, name)):8d}  {name}')


if __name__ == '__main__':
    main()
