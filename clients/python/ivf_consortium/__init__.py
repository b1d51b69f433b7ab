"""Python client of the IVF consortium chain, for researchers and auditors.

```python
from ivf_consortium import Client, Keypair, ModelSpec

client = Client("ws://127.0.0.1:9944", signer=Keypair.from_uri("//Eve"))
for report in client.follow(0, progress=True):
    print(report.line())
model = client.global_model(0)          # NumPy layers, dequantised from Q15.16
sk = model.to_sklearn()                 # a fitted sklearn LogisticRegression
```
"""

from .client import TRAINING_PURPOSE, Client, Receipt, RoundReport, epsilon_at, to_csv
from .errors import ChainError, TransactionRefused
from .keys import Keypair
from .model import (
    DpSgd,
    FeatureScaling,
    GlobalModel,
    LogisticRegression,
    Mlp,
    ModelSpec,
    Training,
    reference_normalisation,
)

__all__ = [
    "Client", "Receipt", "RoundReport", "ChainError", "TransactionRefused", "Keypair",
    "ModelSpec", "LogisticRegression", "Mlp", "Training", "DpSgd", "FeatureScaling",
    "GlobalModel", "reference_normalisation", "epsilon_at", "to_csv", "TRAINING_PURPOSE",
]
