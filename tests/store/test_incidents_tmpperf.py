import time, sys
from rasd.store import open_store
from rasd.store.base import Store

def test_perf(postgres_url):
    sys.argv = ["x", "1000"]
    src = open('/tmp/scale.py').read().split("db=tempfile")[0]
    g = {}
    exec(src, g)
    docs = [g["doc"](i) for i in range(1000)]
    orig = Store._link_incidents
    for link in (False, True):
        Store._link_incidents = orig if link else (lambda self, d, c: None)
        with open_store(postgres_url) as s:
            if link:
                s.execute("DELETE FROM documents")
            t = time.perf_counter()
            for d in docs: s.add(d)
            print("\nPG", "link" if link else "nolink", f"{(time.perf_counter()-t)/len(docs)*1000:.2f} ms/doc")
    Store._link_incidents = orig
