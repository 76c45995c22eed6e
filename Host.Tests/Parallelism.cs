using Microsoft.VisualStudio.TestTools.UnitTesting;

// Most of these tests wait on brokers, processes and simulated sessions rather than the CPU: two classes at a time
// halve the suite's wall time. A class that must run alone says so with [DoNotParallelize].
[assembly: Parallelize(Workers = 2, Scope = ExecutionScope.ClassLevel)]
