namespace CustomerDisplay;
