"""rasd on Apache Spark: the whole pipeline over many files, with distributed duplicate marking and incident linking.

`rasd.spark.job.run(session, Options(...))` is the API; `rasd spark` the command. pyspark is
an optional dependency (`pip install 'rasd[spark]'`), imported only when a job runs.
"""
