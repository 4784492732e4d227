// Test classes run in parallel, each on its own database.
[assembly: CollectionBehavior(DisableTestParallelization = false, MaxParallelThreads = 4)]
