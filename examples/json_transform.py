# Reads an order as JSON, prices it and writes an invoice as JSON.
#   extism-upy call json_transform.wasm invoice \
#     --input '{"customer": "Ada", "items": [{"sku": "tea", "qty": 2, "price": 3.5}]}'
from dataclasses import dataclass, field
from typing import List

import extism


@dataclass
class Line:
    sku: str
    qty: int
    price: float

    @property
    def total(self) -> float:
        return round(self.qty * self.price, 2)


@dataclass
class Invoice(extism.Json):
    customer: str
    lines: List[dict] = field(default_factory=list)
    total: float = 0.0


@extism.plugin_fn
def invoice():
    order = extism.input_json()
    lines = [Line(**item) for item in order.get("items", [])]
    if not lines:
        raise ValueError("an order needs at least one item")
    out = Invoice(order["customer"])
    for line in sorted(lines, key=lambda l: l.sku):
        out.lines.append({"sku": line.sku, "qty": line.qty, "total": line.total})
    out.total = round(sum(l.total for l in lines), 2)
    extism.output(out)
