module example.com/tinybench

go 1.19
