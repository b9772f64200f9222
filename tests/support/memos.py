"""Small memos for deck tests, written as a person would send them."""

from __future__ import annotations

QUEUES = """# Queues

## SQS
SQS = a queue that keeps messages until a consumer pulls them
Visibility timeout = how long a message being processed is hidden from others

## SNS
SNS = a topic that pushes every message to all subscribers
Fan-out = one message delivered to many endpoints
"""

STREAMS = """# Streams

## Kinesis Data Streams
Shard = the unit of read and write capacity
Retention = 24 hours by default, up to 365 days

## Firehose
Firehose = delivers streaming data to S3 or Redshift without code
Buffer = the size and time Firehose waits before delivering
"""

STORAGE = """# Storage

## S3
S3 = object storage with eleven nines of durability
Lifecycle rule = moves old objects to a cheaper class

## EBS
EBS = block storage attached to one instance in one AZ
Snapshot = an EBS backup kept in S3
"""

MEMO = QUEUES + "\n" + STREAMS
