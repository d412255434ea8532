from perfmgmt.bench.run import main

main()
