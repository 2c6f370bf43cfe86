"""PyTorch reference for bench-models' DeepFM speed rows (not part of the build):
26 fields, k = 16, MLP 400-400, batch B, 100,000 Zipf(0.8) values per field hashed into 2^bits rows,
sparse embeddings (SparseAdam) + dense Adam, like the issue's reference. Prints examples/s over S seconds."""
import sys, time, numpy as np, torch, torch.nn as nn
bits, batch, seconds = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
torch.set_num_threads(2)
F, K, V, ROWS = 26, 16, 100_000, 100_000
rng = np.random.default_rng(1)
p = 1.0 / np.arange(1, V + 1) ** 0.8; p /= p.sum()
hashes = rng.integers(0, 1 << bits, size=(F, V))
ids = np.stack([hashes[f][rng.choice(V, size=ROWS, p=p)] for f in range(F)], axis=1)
ids = torch.from_numpy(ids.astype(np.int64))
labels = torch.from_numpy((rng.random(ROWS) < 0.25).astype(np.float32))
class DeepFM(nn.Module):
    def __init__(s):
        super().__init__()
        s.emb = nn.Embedding(1 << bits, K, sparse=True); nn.init.normal_(s.emb.weight, std=0.01)
        s.lin = nn.Embedding(1 << bits, 1, sparse=True); nn.init.zeros_(s.lin.weight)
        s.mlp = nn.Sequential(nn.Linear(F * K, 400), nn.ReLU(), nn.Linear(400, 400), nn.ReLU(), nn.Linear(400, 1))
        s.bias = nn.Parameter(torch.zeros(1))
    def forward(s, x):
        e = s.emb(x)                                   # B x F x K
        fm = 0.5 * ((e.sum(1) ** 2) - (e ** 2).sum(1)).sum(1, keepdim=True)
        return (s.lin(x).sum(1) + fm + s.mlp(e.flatten(1)) + s.bias).squeeze(1)
m = DeepFM()
sparse = torch.optim.SparseAdam(list(m.emb.parameters()) + list(m.lin.parameters()), lr=0.001)
dense = torch.optim.Adam(list(m.mlp.parameters()) + [m.bias], lr=0.001)
loss_fn = nn.BCEWithLogitsLoss()
def step(i):
    a = (i * batch) % (ROWS - batch)
    sparse.zero_grad(); dense.zero_grad()
    loss = loss_fn(m(ids[a:a + batch]), labels[a:a + batch]); loss.backward()
    sparse.step(); dense.step()
for i in range(8): step(i)
t0, n = time.time(), 0
while time.time() - t0 < seconds:
    step(n + 8); n += 1
dt = time.time() - t0
print(f"| PyTorch {torch.__version__} DeepFM sparse | 2^{bits} | {batch} | {n * batch / dt:,.0f} | {n} |")
