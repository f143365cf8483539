from .sqlite import (connect, counts, query_claims, query_events, query_quotes, store_many,  # noqa: F401
                     store_result, StoreError)
