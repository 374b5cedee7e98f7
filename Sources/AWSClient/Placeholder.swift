/// Placeholder until the AWS client lands; keeps the target non-empty.
enum AWSClientModule {}
