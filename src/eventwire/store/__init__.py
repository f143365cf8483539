from .sqlite import connect, counts, query_events, store_many, store_result, StoreError  # noqa: F401
