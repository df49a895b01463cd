"""Prints the PyTorch initial weights that lib/src/test/java/textdive/nn/TorchInitTest.java expects:
  /usr/bin/python3 scripts/torch_init_values.py     (Debian python3-torch, PyTorch 1.13.1)
"""
import torch, torch.nn as nn
torch.set_printoptions(precision=10)
def show(name, t):
    print(name, ' '.join(repr(float(v)) for v in t.flatten()))
torch.manual_seed(0)
e = nn.Embedding(30, 64); h = nn.Linear(64, 64); o = nn.Linear(64, 30)
show('emb_first', e.weight[0, :4]); show('emb_last', e.weight[29, -3:]); show('hh_w', h.weight[0, :3]); show('hh_b', h.bias[:3]); show('ho_b_last', o.bias[-2:])
torch.manual_seed(7)
show('emb12', nn.Embedding(3, 4).weight)      # numel < 16: the serial double path, with its cached second sample
show('emb20', nn.Embedding(4, 5).weight)      # 16 <= numel, numel % 16 != 0: the tail is redrawn
torch.manual_seed(3)
l = nn.LSTM(8, 8, 2)
show('lstm_b_hh_l1', l.bias_hh_l1[-3:]); show('lstm_w_ih_l0', l.weight_ih_l0[0, :3])
torch.manual_seed(2**31 - 1)
show('big_seed', nn.Linear(4, 2).weight)
torch.manual_seed(5)  # fastai's AWD_LSTM(7, 3, 4, 2, pad_token=1): embedding, the LSTMs, then the embedding overwritten with U(-0.1, 0.1)
emb = nn.Embedding(7, 3, padding_idx=1); l0 = nn.LSTM(3, 4, 1, batch_first=True); l1 = nn.LSTM(4, 3, 1, batch_first=True)
emb.weight.data.uniform_(-0.1, 0.1)
show('awd_emb_row1', emb.weight[1]); show('awd_l0_b_hh', l0.bias_hh_l0[:3]); show('awd_l1_w_hh', l1.weight_hh_l0[0])
