"""Running the pipeline on a Dask cluster: shards of inputs, Parquet staging, bulk load into the store."""
